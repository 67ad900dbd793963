import { isbot } from 'isbot';
import { UAParser } from 'ua-parser-js';

export interface VisitorDevice {
  /** `desktop`, `mobile`, `tablet`, `smarttv`, `console`, `wearable`, `embedded` or `bot`. */
  readonly device: string | null;
  readonly os: string | null;
  readonly browser: string | null;
  /** A known bot or crawler by isbot's maintained list: flagged on the click, still redirected. */
  readonly bot: boolean;
}

const BOT = /bot|crawl|spider|slurp|facebookexternalhit|preview|monitor|curl|wget|python-requests|headless/i;
const MAX_USER_AGENT_LENGTH = 512;
// No User-Agent at all is not a bot by isbot's list: real browsers always send one, but so do most bots.
const NO_USER_AGENT: VisitorDevice = { device: null, os: null, browser: null, bot: false };

/**
 * Device, OS and browser from a User-Agent with ua-parser-js, and whether it is a bot (isbot's
 * list, maintained upstream). Parsing costs tens of
 * microseconds and real traffic repeats a few thousand agents, so results are cached (bounded).
 */
export class UserAgentParser {
  private readonly cache = new Map<string, VisitorDevice>();

  constructor(private readonly maxEntries = 10_000) {}

  parse(userAgent: string | undefined): VisitorDevice {
    if (!userAgent) return NO_USER_AGENT;
    const key =
      userAgent.length > MAX_USER_AGENT_LENGTH ? userAgent.slice(0, MAX_USER_AGENT_LENGTH) : userAgent;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const parsed = describe(key);
    // Evict the oldest entry: a Map iterates in insertion order.
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, parsed);
    return parsed;
  }
}

function describe(userAgent: string): VisitorDevice {
  const result = new UAParser(userAgent).getResult();
  const bot = isbot(userAgent);
  const type = bot || BOT.test(userAgent) ? 'bot' : (result.device.type ?? 'desktop');
  return {
    bot,
    device: type,
    os: result.os.name ?? null,
    browser: result.browser.name ?? null,
  };
}
