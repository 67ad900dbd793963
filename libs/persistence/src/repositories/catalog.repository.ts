import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination/cursor';
import { type Database, managerOf } from './database';
import { translatingConstraints } from './persistence.error';

interface CatalogRow extends ObjectLiteral {
  id: string;
  createdAt: Date;
}

/**
 * Create / find / update / list for a catalog table. Lists are newest first, paged by
 * keyset on (created_at, id), which the (created_at, id) index serves in both directions.
 */
export abstract class CatalogRepository<E extends CatalogRow, New extends object, Patch extends object> {
  protected readonly manager: EntityManager;

  protected constructor(
    db: Database,
    private readonly entity: EntityTarget<E>,
  ) {
    this.manager = managerOf(db);
  }

  protected get repository() {
    return this.manager.getRepository(this.entity);
  }

  async create(input: New): Promise<E> {
    return translatingConstraints(async () => {
      const result = await this.repository.insert(input);
      const id: unknown = result.identifiers.at(0)?.id;
      if (typeof id !== 'string') throw new Error('insert returned no id');
      return this.loadExisting(id);
    });
  }

  async findById(id: string): Promise<E | null> {
    return this.repository.findOneBy({ id } as never);
  }

  /** Several rows in one query (a campaign's rotation, a batch's networks); unknown ids are left out. */
  async findByIds(ids: readonly string[]): Promise<E[]> {
    if (ids.length === 0) return [];
    return this.repository
      .createQueryBuilder('row')
      .where('row.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  /** Returns null when no row has this id. */
  async update(id: string, patch: Patch): Promise<E | null> {
    const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    if (Object.keys(changes).length > 0) {
      // TypeORM's update sets updated_at = CURRENT_TIMESTAMP as well.
      await translatingConstraints(() => this.repository.update(id, changes as never));
    }
    return this.findById(id);
  }

  async list(request: PageRequest = {}): Promise<Page<E>> {
    const size = pageSize(request.limit);
    const query = this.repository
      .createQueryBuilder('row')
      .orderBy('row.createdAt', 'DESC')
      .addOrderBy('row.id', 'DESC')
      .limit(size + 1);
    if (request.cursor) {
      const after = decodeCursor(request.cursor);
      query.where('(row.createdAt, row.id) < (:at, :id)', { at: after.at, id: after.id });
    }
    const rows = await query.getMany();
    return toPage(rows, size, (row) => ({ at: row.createdAt, id: row.id }));
  }

  /** Re-reads a row written by this repository (to get database defaults at their stored precision). */
  protected async loadExisting(id: string): Promise<E> {
    const row = await this.findById(id);
    if (!row) throw new Error(`row ${id} vanished right after it was written`);
    return row;
  }
}
