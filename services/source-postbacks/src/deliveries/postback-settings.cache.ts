import { Inject, Injectable } from '@nestjs/common';
import {
  compileSourcePostbackUrl,
  CONVERSION_STATUSES,
  urlTemplateProblems,
  type SourcePostbackMethod,
  type SourcePostbackToken,
  type UrlTemplate,
} from '@clickledger/tracking';
import { SOURCE_POSTBACKS_SETTINGS, type SourcePostbacksSettings } from '../source-postbacks-settings';
import { PostbackSettingsRepository } from './postback-settings.repository';

/** A postback URL as stored, compiled once: its template, or why it cannot be sent. */
export type CompiledPostbackUrl =
  | { readonly ok: true; readonly source: string; readonly template: UrlTemplate<SourcePostbackToken> }
  | { readonly ok: false; readonly source: string; readonly problem: string };

export interface SourcePostbackSettings {
  readonly url: CompiledPostbackUrl | null;
  readonly method: SourcePostbackMethod;
  readonly statuses: ReadonlySet<string>;
}

interface Cached<T> {
  readonly value: T | null;
  readonly at: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = new Set<string>(CONVERSION_STATUSES);

/**
 * Campaign and traffic-source postback settings, read from Postgres and kept briefly in memory
 * (they change rarely; a change is seen within the TTL). Templates are compiled when loaded.
 */
@Injectable()
export class PostbackSettingsCache {
  private readonly sourcesById = new Map<string, Cached<SourcePostbackSettings>>();
  private readonly campaignsById = new Map<string, Cached<CompiledPostbackUrl>>();

  constructor(
    private readonly repository: PostbackSettingsRepository,
    @Inject(SOURCE_POSTBACKS_SETTINGS) private readonly settings: SourcePostbacksSettings,
  ) {}

  /** Settings per traffic-source id; an id that is no traffic source (or no UUID) maps to null. */
  async sources(ids: readonly string[]): Promise<Map<string, SourcePostbackSettings | null>> {
    return this.load(ids, this.sourcesById, async (missing) => {
      const rows = await this.repository.sources(missing);
      return rows.map((row) => [
        row.id,
        {
          url: row.postbackUrl ? compile(row.postbackUrl) : null,
          method: row.postbackMethod === 'POST' ? 'POST' : 'GET',
          statuses: new Set(row.postbackStatuses.filter((status) => STATUSES.has(status))),
        },
      ]);
    });
  }

  /** The campaign's own postback URL (the override), null when it has none. */
  async campaigns(ids: readonly string[]): Promise<Map<string, CompiledPostbackUrl | null>> {
    return this.load(ids, this.campaignsById, async (missing) => {
      const rows = await this.repository.campaigns(missing);
      return rows.filter((row) => row.postbackUrl).map((row) => [row.id, compile(row.postbackUrl ?? '')]);
    });
  }

  private async load<T>(
    ids: readonly string[],
    cache: Map<string, Cached<T>>,
    fetch: (ids: string[]) => Promise<[string, T][]>,
  ): Promise<Map<string, T | null>> {
    const now = Date.now();
    const ttl = this.settings.catalogCacheTtlMs;
    const result = new Map<string, T | null>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const cached = cache.get(id);
      if (cached && now - cached.at < ttl) result.set(id, cached.value);
      else if (UUID.test(id)) missing.push(id);
      else result.set(id, null);
    }
    if (missing.length > 0) {
      const found = new Map(await fetch(missing));
      for (const id of missing) {
        const value = found.get(id) ?? null;
        result.set(id, value);
        if (ttl > 0) cache.set(id, { value, at: now });
      }
    }
    return result;
  }
}

function compile(source: string): CompiledPostbackUrl {
  const result = compileSourcePostbackUrl(source);
  return result.ok
    ? { ok: true, source, template: result.template }
    : { ok: false, source, problem: `invalid postback URL: ${urlTemplateProblems(result).join('; ')}` };
}
