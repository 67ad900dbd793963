import type { EntityManager } from 'typeorm';
import { CampaignEntity, type CampaignStatus } from '../entities/campaign.entity';
import { CampaignOfferEntity } from '../entities/campaign-offer.entity';
import type { Page, PageRequest } from '../pagination/cursor';
import { generateCampaignKey } from './campaign-key';
import { CatalogRepository } from './catalog.repository';
import type { Database } from './database';
import { translateConstraintError, UniqueViolationError } from './persistence.error';

export interface CampaignOfferWeight {
  readonly offerId: string;
  /** Integer > 0; the share of traffic is weight / sum of weights. */
  readonly weight: number;
}

export interface NewCampaign {
  readonly name: string;
  readonly trafficSourceId: string;
  readonly status?: CampaignStatus;
  /** Generated when absent. */
  readonly key?: string;
  readonly offers: readonly CampaignOfferWeight[];
  /** Overrides the traffic source's postback URL for this campaign. */
  readonly postbackUrl?: string | null;
}

export interface CampaignPatch {
  readonly name?: string;
  readonly trafficSourceId?: string;
  readonly status?: CampaignStatus;
  /** null removes the override. */
  readonly postbackUrl?: string | null;
  /** Replaces the whole rotation when given. */
  readonly offers?: readonly CampaignOfferWeight[];
}

/** A campaign always comes with its offer rotation loaded (`offers`). */
export type CampaignWithOffers = CampaignEntity & { offers: CampaignOfferEntity[] };

const KEY_ATTEMPTS = 5;

export class CampaignRepository extends CatalogRepository<CampaignEntity, NewCampaign, CampaignPatch> {
  constructor(db: Database) {
    super(db, CampaignEntity);
  }

  override async create(input: NewCampaign): Promise<CampaignWithOffers> {
    for (let attempt = 1; ; attempt += 1) {
      const key = input.key ?? generateCampaignKey();
      try {
        const id = await this.manager.transaction(async (tx) => {
          const saved = await tx.getRepository(CampaignEntity).save(
            tx.getRepository(CampaignEntity).create({
              name: input.name,
              trafficSourceId: input.trafficSourceId,
              status: input.status ?? 'active',
              postbackUrl: input.postbackUrl ?? null,
              key,
            }),
          );
          await insertOffers(tx, saved.id, input.offers);
          return saved.id;
        });
        return await this.loadWithOffers(id);
      } catch (error) {
        const translated = translateConstraintError(error);
        // A generated key colliding is retried with a new one; a caller's own key is not.
        const keyCollision =
          translated instanceof UniqueViolationError && translated.constraint === 'uq_campaigns_key';
        if (!keyCollision || input.key !== undefined || attempt >= KEY_ATTEMPTS) throw translated;
      }
    }
  }

  override async findById(id: string): Promise<CampaignWithOffers | null> {
    return (await this.repository.findOne({
      where: { id },
      relations: { offers: true },
    })) as CampaignWithOffers | null;
  }

  /** The click service's lookup: `/c/{key}`. */
  async findByKey(key: string): Promise<CampaignWithOffers | null> {
    return (await this.repository.findOne({
      where: { key },
      relations: { offers: true },
    })) as CampaignWithOffers | null;
  }

  override async update(id: string, patch: CampaignPatch): Promise<CampaignWithOffers | null> {
    try {
      const found = await this.manager.transaction(async (tx) => {
        const fields = Object.fromEntries(
          Object.entries({
            name: patch.name,
            trafficSourceId: patch.trafficSourceId,
            status: patch.status,
            postbackUrl: patch.postbackUrl,
          }).filter(([, value]) => value !== undefined),
        );
        // Touch the row even when only the rotation changes, so updated_at tells.
        const result = await tx.getRepository(CampaignEntity).update(id, fields);
        if (result.affected === 0) return false;
        if (patch.offers) {
          await tx.getRepository(CampaignOfferEntity).delete({ campaignId: id });
          await insertOffers(tx, id, patch.offers);
        }
        return true;
      });
      return found ? await this.findById(id) : null;
    } catch (error) {
      throw translateConstraintError(error);
    }
  }

  override async list(request: PageRequest = {}): Promise<Page<CampaignWithOffers>> {
    const page = await super.list(request);
    const ids = page.items.map((campaign) => campaign.id);
    const offers =
      ids.length === 0
        ? []
        : await this.manager
            .getRepository(CampaignOfferEntity)
            .createQueryBuilder('offer')
            .where('offer.campaignId = ANY(:ids)', { ids })
            .getMany();
    const items = page.items.map((campaign) =>
      Object.assign(campaign, { offers: offers.filter((offer) => offer.campaignId === campaign.id) }),
    );
    return { items, nextCursor: page.nextCursor };
  }

  private async loadWithOffers(id: string): Promise<CampaignWithOffers> {
    const campaign = await this.findById(id);
    if (!campaign) throw new Error(`campaign ${id} vanished right after it was written`);
    return campaign;
  }
}

async function insertOffers(
  tx: EntityManager,
  campaignId: string,
  offers: readonly CampaignOfferWeight[],
): Promise<void> {
  if (offers.length === 0) return;
  await tx
    .getRepository(CampaignOfferEntity)
    .insert(offers.map((offer) => ({ campaignId, offerId: offer.offerId, weight: offer.weight })));
}
