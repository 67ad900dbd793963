import { isIpOrCidr, offerUrlProblems } from './field-validators';

describe('isIpOrCidr', () => {
  it.each(['203.0.113.7', '10.0.0.0/8', '0.0.0.0/0', '2001:db8::1', '2001:db8::/32', '::/0'])(
    'accepts %s',
    (value) => {
      expect(isIpOrCidr(value)).toBe(true);
    },
  );
  it.each([
    '',
    'example.com',
    '10.0.0.0/33',
    '2001:db8::/129',
    '10.0.0.1/',
    '10.0.0.0/8/8',
    '10.0.0.0/x',
    '256.1.1.1',
  ])('rejects %p', (value) => {
    expect(isIpOrCidr(value)).toBe(false);
  });
});

describe('offerUrlProblems', () => {
  it('names each unknown token with its position', () => {
    const url = 'https://n.example/o?a={clickid}&b={sub1}';
    expect(offerUrlProblems(url)).toEqual([`unknown token {sub1} at position ${url.indexOf('{sub1}')}`]);
    expect(offerUrlProblems('https://n.example/o?a={clickid}')).toEqual([]);
  });
});
