import { CAMPAIGN_KEY_LENGTH, generateCampaignKey } from './campaign-key';

describe('generateCampaignKey', () => {
  it('makes URL-safe keys of the fixed length, without look-alike letters', () => {
    for (let i = 0; i < 1000; i += 1) {
      expect(generateCampaignKey()).toMatch(new RegExp(`^[a-hjkmnp-tv-z0-9]{${CAMPAIGN_KEY_LENGTH}}$`));
    }
  });

  it('does not repeat itself', () => {
    const keys = new Set(Array.from({ length: 10_000 }, () => generateCampaignKey()));
    expect(keys.size).toBe(10_000);
  });
});
