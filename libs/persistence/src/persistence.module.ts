import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type Provider,
  type ModuleMetadata,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource, type DataSourceOptions } from './data-source';
import { AffiliateNetworkRepository } from './repositories/affiliate-network.repository';
import { CampaignRepository } from './repositories/campaign.repository';
import { ClickPartitionRepository } from './repositories/click-partition.repository';
import { ClickRepository } from './repositories/click.repository';
import { ConversionRepository } from './repositories/conversion.repository';
import type { Database } from './repositories/database';
import { OfferRepository } from './repositories/offer.repository';
import { PostbackLogRepository } from './repositories/postback-log.repository';
import { SourcePostbackRepository } from './repositories/source-postback.repository';
import { TrafficSourceRepository } from './repositories/traffic-source.repository';

export interface PersistenceModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  readonly inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
  readonly useFactory: (...args: never[]) => DataSourceOptions | Promise<DataSourceOptions>;
}

const PERSISTENCE_OPTIONS = Symbol('PERSISTENCE_OPTIONS');

const REPOSITORIES: (new (db: Database) => object)[] = [
  AffiliateNetworkRepository,
  OfferRepository,
  TrafficSourceRepository,
  CampaignRepository,
  ClickRepository,
  ClickPartitionRepository,
  ConversionRepository,
  PostbackLogRepository,
  SourcePostbackRepository,
];

/** Closes the pool on shutdown, after the services that use it have drained. */
@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * Provides the DataSource (connected at start, never migrating) and every repository, injectable
 * by class: `constructor(private readonly clicks: ClickRepository)`.
 */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: DataSourceOptions): DynamicModule {
    return PersistenceModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: PersistenceModuleAsyncOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: PERSISTENCE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
      {
        provide: DataSource,
        useFactory: async (dataSourceOptions: DataSourceOptions) =>
          createDataSource(dataSourceOptions).initialize(),
        inject: [PERSISTENCE_OPTIONS],
      },
      DataSourceCloser,
      ...REPOSITORIES.map((Repository): Provider => ({
        provide: Repository,
        useFactory: (dataSource: DataSource) => new Repository(dataSource),
        inject: [DataSource],
      })),
    ];
    return {
      module: PersistenceModule,
      imports: options.imports ?? [],
      providers,
      exports: [DataSource, ...REPOSITORIES],
    };
  }
}
