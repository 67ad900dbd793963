import 'reflect-metadata';
import { bootstrapHttpService } from '@clickledger/platform-http';
import { apiServiceOptions } from './api-service.options';

void bootstrapHttpService(apiServiceOptions());
