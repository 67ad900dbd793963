import 'reflect-metadata';
import { bootstrapHttpService } from '@clickledger/platform-http';
import { ATTRIBUTION_SERVICE_OPTIONS } from './attribution-service.options';

void bootstrapHttpService(ATTRIBUTION_SERVICE_OPTIONS);
