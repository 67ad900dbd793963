import type { TrafficSourceConfig } from '@clickledger/contracts';
import { CUSTOM_VARIABLES, ownStorableText, type CustomVariable } from '@clickledger/tracking';
import { firstParsedValue, firstQueryValues, type LinkQuery } from '../clicks/link-query';

const MAX_VALUE_LENGTH = 255;

/** What a campaign link carries for its traffic source, each value storable and cut; null when absent or empty. */
export interface SourceValues {
  readonly externalId: string | null;
  /** As sent: normalised by the caller (normalizeDecimalAmount). */
  readonly cost: string | null;
  /** Only the variables the link carries. */
  readonly vars: Partial<Record<CustomVariable, string>>;
}

/**
 * The query parameters a campaign's traffic source names (its click ID, the cost, up to ten
 * variables), worked out once per campaign config: a click then reads just those from its link.
 */
export class SourceParameters {
  /** Each distinct parameter name once, in the order below. */
  private readonly names: string[] = [];
  private readonly externalIdAt: number;
  private readonly costAt: number;
  private readonly variables: { readonly variable: CustomVariable; readonly at: number }[] = [];

  constructor(source: TrafficSourceConfig) {
    this.externalIdAt = this.slotOf(source.externalIdParam);
    this.costAt = this.slotOf(source.costParam);
    for (const variable of CUSTOM_VARIABLES) {
      const at = this.slotOf(source.variables[variable]);
      if (at >= 0) this.variables.push({ variable, at });
    }
  }

  read(query: LinkQuery): SourceValues {
    const raw =
      typeof query === 'string'
        ? firstQueryValues(query, this.names)
        : this.names.map((name) => firstParsedValue(query, name));
    const vars: Partial<Record<CustomVariable, string>> = {};
    for (const { variable, at } of this.variables) {
      const value = storable(raw[at]);
      if (value !== null) vars[variable] = value;
    }
    return {
      externalId: this.externalIdAt < 0 ? null : storable(raw[this.externalIdAt]),
      cost: this.costAt < 0 ? null : storable(raw[this.costAt]),
      vars,
    };
  }

  private slotOf(name: string | null | undefined): number {
    if (!name) return -1;
    const at = this.names.indexOf(name);
    return at >= 0 ? at : this.names.push(name) - 1;
  }
}

/**
 * Storable (lone surrogates and NUL → U+FFFD) and cut, never inside a character; null when absent
 * or empty. A copy, not a view into the link, so the click event is serialised on V8's fast path
 * (ownCharacters).
 */
function storable(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  return ownStorableText(value, MAX_VALUE_LENGTH);
}
