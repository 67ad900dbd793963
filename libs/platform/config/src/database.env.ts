import { IsInt, Matches, Max, Min } from 'class-validator';
import { ToInteger } from './env-transforms';

/** Which Postgres schema holds the tables (tests use one schema each); beside `PostgresEnv`. */
export class DatabaseSchemaEnv {
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a lower-case Postgres schema name' })
  DATABASE_SCHEMA = 'public';
}

/** Postgres connections of one instance, for the services that size their pool. */
export class DatabasePoolEnv {
  @ToInteger()
  @IsInt({ message: 'must be an integer' })
  @Min(2)
  @Max(200)
  DATABASE_POOL_SIZE = 10;
}
