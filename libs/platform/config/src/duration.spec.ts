import { parseDurationMs } from './duration';

describe('parseDurationMs', () => {
  it.each([
    ['1500', 1500],
    ['500ms', 500],
    ['30s', 30_000],
    ['15m', 900_000],
    ['48h', 172_800_000],
    ['7d', 604_800_000],
    [' 2S ', 2000],
  ])('reads %p as %p ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', '-5s', '1.5h', '10 minutes', 'h', '5w'])('refuses %p', (text) => {
    expect(parseDurationMs(text)).toBeNull();
  });
});
