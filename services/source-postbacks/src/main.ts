import 'reflect-metadata';
import { bootstrapHttpService } from '@clickledger/platform-http';
import { SOURCE_POSTBACKS_SERVICE_OPTIONS } from './source-postbacks-service.options';

void bootstrapHttpService(SOURCE_POSTBACKS_SERVICE_OPTIONS);
