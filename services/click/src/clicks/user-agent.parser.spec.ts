import { UserAgentParser } from './user-agent.parser';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const WINDOWS_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

describe('UserAgentParser', () => {
  const parser = new UserAgentParser(2);

  it('reads device, OS and browser', () => {
    expect(parser.parse(IPHONE)).toEqual({
      device: 'mobile',
      os: 'iOS',
      browser: 'Mobile Safari',
      bot: false,
    });
    expect(parser.parse(WINDOWS_CHROME)).toEqual({
      device: 'desktop',
      os: 'Windows',
      browser: 'Chrome',
      bot: false,
    });
  });

  it('marks bots and handles a missing agent', () => {
    const googlebot = parser.parse('Googlebot/2.1 (+http://www.google.com/bot.html)');
    expect(googlebot.device).toBe('bot');
    expect(googlebot.bot).toBe(true);
    expect(parser.parse(undefined)).toEqual({ device: null, os: null, browser: null, bot: false });
  });

  it('answers repeated agents from its bounded cache', () => {
    const first = parser.parse(WINDOWS_CHROME);
    expect(parser.parse(WINDOWS_CHROME)).toBe(first);
    parser.parse('a/1');
    parser.parse('b/1');
    expect(parser.parse(WINDOWS_CHROME)).not.toBe(first);
  });
});
