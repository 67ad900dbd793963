export * from './affiliate-network.entity';
export * from './offer.entity';
export * from './traffic-source.entity';
export * from './campaign.entity';
export * from './campaign-offer.entity';
export * from './click.entity';
export * from './conversion.entity';
export * from './postback-log-entry.entity';
export { TIMESTAMP_PRECISION } from './timestamps';
