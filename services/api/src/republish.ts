import 'reflect-metadata';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ConfigModule,
  ConfigValidationError,
  DatabaseSchemaEnv,
  KafkaEnv,
  PostgresEnv,
  type EnvSource,
} from '@clickledger/platform-config';
import { MetricsModule } from '@clickledger/platform-observability';
import { infrastructureImports } from './app.module';
import { CampaignConfigModule } from './campaign-config/campaign-config.module';
import { CampaignConfigService } from './campaign-config/campaign-config.service';

const COMMAND_NAME = 'api-republish';

/**
 * Publishes every campaign's config to `campaigns.config.v1` again; returns how many. Uses its
 * own spool folder, since a running API owns the default one.
 */
export async function republishAllCampaigns(env: EnvSource = process.env): Promise<number> {
  const spool = env.KAFKA_SPOOL_DIR;
  const commandEnv = { ...env, KAFKA_SPOOL_DIR: spool ? join(spool, 'republish') : undefined };
  @Module({
    imports: [
      ConfigModule.forRoot([PostgresEnv, DatabaseSchemaEnv, KafkaEnv], { env: commandEnv }),
      MetricsModule,
      ...infrastructureImports(COMMAND_NAME),
      CampaignConfigModule,
    ],
  })
  class RepublishModule {}

  // Nest declares its options type as a class; a literal is how its own docs pass it.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  const context = await NestFactory.createApplicationContext(RepublishModule, { logger: ['warn', 'error'] });
  try {
    return await context.get(CampaignConfigService).republishAllCampaigns();
  } finally {
    await context.close();
  }
}

if (require.main === module) {
  republishAllCampaigns().then(
    (count) => {
      process.stdout.write(`republished ${count} campaign configs\n`);
    },
    (error: unknown) => {
      process.stderr.write(
        error instanceof ConfigValidationError ? `${COMMAND_NAME}: ${error.message}\n` : `${String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
