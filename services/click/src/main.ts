import 'reflect-metadata';
import { bootstrapHttpService } from '@clickledger/platform-http';
import { CLICK_SERVICE_OPTIONS } from './click-service.options';

void bootstrapHttpService(CLICK_SERVICE_OPTIONS);
