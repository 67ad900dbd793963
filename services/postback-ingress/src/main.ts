import 'reflect-metadata';
import { bootstrapHttpService } from '@clickledger/platform-http';
import { INGRESS_SERVICE_OPTIONS } from './ingress-service.options';

void bootstrapHttpService(INGRESS_SERVICE_OPTIONS);
