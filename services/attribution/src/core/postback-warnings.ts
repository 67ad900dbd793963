import type { PostbackWarningData } from '@clickledger/contracts';
import type { PostbackWarning } from '@clickledger/persistence';
import { postgresSafe } from './postgres-text';

/** The ingress's warnings as the postback log shows them. */
export const logWarnings = (warnings: readonly PostbackWarningData[]): PostbackWarning[] =>
  warnings.map((warning) => ({
    code: warning.code,
    message: postgresSafe(`${warning.field}: placeholder ${warning.macro} was treated as absent`),
  }));
