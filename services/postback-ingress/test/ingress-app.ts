import { Writable } from 'node:stream';
import { createHttpApp, type HttpServiceApp } from '@clickledger/platform-http';
import { INGRESS_SERVICE_OPTIONS } from '../src/ingress-service.options';

export const TEST_SECRETS = ['ingress-test-secret-0001', 'ingress-test-secret-old-0002'];
export const TEST_POSTBACK_KEY = 'pb-key-for-tests';

/** The ingress as `main.ts` builds it, with its environment given explicitly and logs kept quiet. */
export function createIngressApp(env: Record<string, string>): Promise<HttpServiceApp> {
  return createHttpApp({
    ...INGRESS_SERVICE_OPTIONS,
    env: { CLICK_ID_SECRETS: TEST_SECRETS.join(','), LOG_LEVEL: 'warn', ...env },
    logDestination: new Writable({
      write: (_chunk, _encoding, done) => {
        done();
      },
    }),
  });
}
