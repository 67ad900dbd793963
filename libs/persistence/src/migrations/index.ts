import { CreateCatalog1795466100000 } from './1795466100000-create-catalog';
import { CreateClicks1795466200000 } from './1795466200000-create-clicks';
import { CreateConversionsAndPostbackLog1795466300000 } from './1795466300000-create-conversions-and-postback-log';
import { NetworkStatusMapsAndPostbackLogColumns1795467400000 } from './1795467400000-network-status-maps-and-postback-log-columns';
import { ClickdealerAdgatemediaZeydooTemplates1795467500000 } from './1795467500000-clickdealer-adgatemedia-zeydoo-templates';
import { ClickBotAndTestFlags1795468000000 } from './1795468000000-click-bot-and-test-flags';
import { ReportRollupsRatesAndCosts1795468100000 } from './1795468100000-report-rollups-rates-and-costs';
import { CreateSourcePostbacks1795469160000 } from './1795469160000-create-source-postbacks';
import { ReportRollupsQuarterHoursAndVisitorTuples1795469170000 } from './1795469170000-report-rollups-quarter-hours-and-visitor-tuples';
import { ConversionVisitorFields1795469180000 } from './1795469180000-conversion-visitor-fields';
import { RollupTriggersCachedPlans1795469190000 } from './1795469190000-rollup-triggers-cached-plans';
import { RollupTriggersPreAggregated1795469200000 } from './1795469200000-rollup-triggers-pre-aggregated';
import { PostbackLogUnacceptedIndex1795469300000 } from './1795469300000-postback-log-unaccepted-index';
import { PostbackLogClickIdHashIndex1795469400000 } from './1795469400000-postback-log-click-id-hash-index';
import { ConversionIdentityCCollation1795469500000 } from './1795469500000-conversion-identity-c-collation';

/** In order. Never edit a migration once it has landed: add a new one. */
export const PERSISTENCE_MIGRATIONS = [
  CreateCatalog1795466100000,
  CreateClicks1795466200000,
  CreateConversionsAndPostbackLog1795466300000,
  NetworkStatusMapsAndPostbackLogColumns1795467400000,
  ClickdealerAdgatemediaZeydooTemplates1795467500000,
  ClickBotAndTestFlags1795468000000,
  ReportRollupsRatesAndCosts1795468100000,
  CreateSourcePostbacks1795469160000,
  ReportRollupsQuarterHoursAndVisitorTuples1795469170000,
  ConversionVisitorFields1795469180000,
  RollupTriggersCachedPlans1795469190000,
  RollupTriggersPreAggregated1795469200000,
  PostbackLogUnacceptedIndex1795469300000,
  PostbackLogClickIdHashIndex1795469400000,
  ConversionIdentityCCollation1795469500000,
];
