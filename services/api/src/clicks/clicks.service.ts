import { Injectable } from '@nestjs/common';
import { ClickRepository } from '@clickledger/persistence';
import { DomainError } from '@clickledger/platform-http';
import { parseClickId } from '@clickledger/tracking';
import { ResourceNotFoundError } from '../common/api.errors';
import { toClickView, type ClickView } from './click.view';

export class InvalidClickIdError extends DomainError {
  readonly code = 'click.invalid-id';
  readonly status = 400;

  constructor() {
    super('clickId: not a click ID (26 characters of Crockford base32)', { details: { field: 'clickId' } });
  }
}

@Injectable()
export class ClicksService {
  constructor(private readonly clicks: ClickRepository) {}

  /** The ID carries the click time, so the lookup touches one daily partition. */
  async get(input: string): Promise<ClickView> {
    const parsed = parseClickId(input);
    if (!parsed.ok) throw new InvalidClickIdError();
    const row = await this.clicks.findById({
      clickId: parsed.clickId,
      clickedAt: new Date(parsed.timestampMs),
    });
    if (!row) throw new ResourceNotFoundError('click', parsed.clickId);
    return toClickView(row);
  }
}
