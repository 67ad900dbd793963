import { Logger, Module } from '@nestjs/common';
import { ClickEnv } from '../click.env';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ClickMetrics } from './click.metrics';
import { bundledGeoIpFile, GEOIP_LOOKUP, GeoIpLookup } from './geoip';
import { RecordClickService } from './record-click.service';

/** The redirect itself is a hot route outside Nest (`installRedirectRoute`, from the service options). */
@Module({
  imports: [CampaignsModule],
  providers: [
    RecordClickService,
    ClickMetrics,
    {
      provide: GEOIP_LOOKUP,
      inject: [ClickEnv],
      // Loaded once at start; a configured file that cannot be read stops the start.
      useFactory: (env: ClickEnv): GeoIpLookup | null => {
        if (!env.GEOIP_ENABLED) return null;
        const lookup = new GeoIpLookup(env.GEOIP_DATABASE_FILE ?? bundledGeoIpFile());
        new Logger('GeoIp').log(`GeoIP database ${lookup.file} (${lookup.description})`);
        return lookup;
      },
    },
  ],
})
export class ClicksModule {}
