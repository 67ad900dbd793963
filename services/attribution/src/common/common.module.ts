import { Global, Module } from '@nestjs/common';
import { AttributionEnv } from '../attribution.env';
import { ATTRIBUTION_SETTINGS, settingsFrom } from '../attribution-settings';
import { AttributionMetrics } from './attribution.metrics';

/** What every feature module uses: the settings and the service's metrics. */
@Global()
@Module({
  providers: [
    { provide: ATTRIBUTION_SETTINGS, inject: [AttributionEnv], useFactory: settingsFrom },
    AttributionMetrics,
  ],
  exports: [ATTRIBUTION_SETTINGS, AttributionMetrics],
})
export class CommonModule {}
