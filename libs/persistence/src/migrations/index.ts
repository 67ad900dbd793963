import { CreateCatalog1795466100000 } from './1795466100000-create-catalog';
import { CreateClicks1795466200000 } from './1795466200000-create-clicks';
import { CreateConversionsAndPostbackLog1795466300000 } from './1795466300000-create-conversions-and-postback-log';
import { CreateSourcePostbacks1795469160000 } from './1795469160000-create-source-postbacks';

/** In order. Never edit a migration once it has landed: add a new one. */
export const PERSISTENCE_MIGRATIONS = [
  CreateCatalog1795466100000,
  CreateClicks1795466200000,
  CreateConversionsAndPostbackLog1795466300000,
  CreateSourcePostbacks1795469160000,
];
