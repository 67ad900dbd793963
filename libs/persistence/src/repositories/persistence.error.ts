import { QueryFailedError } from 'typeorm';

/** A write named a row (e.g. an offer's affiliate network) that does not exist. */
export class ReferencedRowNotFoundError extends Error {
  readonly code = 'persistence.referenced-row-not-found';
  constructor(readonly constraint: string) {
    super(`referenced row not found (${constraint})`);
    this.name = 'ReferencedRowNotFoundError';
  }
}

/** A write would duplicate a unique value (e.g. a campaign key). */
export class UniqueViolationError extends Error {
  readonly code = 'persistence.unique-violation';
  constructor(readonly constraint: string) {
    super(`unique constraint violated (${constraint})`);
    this.name = 'UniqueViolationError';
  }
}

/** A row is still referenced (e.g. deleting a network its offers use). */
export class RowStillReferencedError extends Error {
  readonly code = 'persistence.row-still-referenced';
  constructor(readonly constraint: string) {
    super(`row is still referenced (${constraint})`);
    this.name = 'RowStillReferencedError';
  }
}

interface PgErrorFields {
  readonly code?: string;
  readonly constraint?: string;
  readonly detail?: string;
}

/** Translates Postgres constraint errors into errors callers can map without knowing SQLSTATEs. */
export function translateConstraintError(error: unknown): unknown {
  if (!(error instanceof QueryFailedError)) return error;
  const pg = error.driverError as PgErrorFields;
  const constraint = pg.constraint ?? 'unknown';
  if (pg.code === '23505') return new UniqueViolationError(constraint);
  if (pg.code === '23503') {
    // The same SQLSTATE covers "insert names a missing row" and "delete leaves a dangling one".
    return pg.detail?.includes('is still referenced')
      ? new RowStillReferencedError(constraint)
      : new ReferencedRowNotFoundError(constraint);
  }
  return error;
}

export async function translatingConstraints<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateConstraintError(error);
  }
}
