import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { HttpServiceApp } from '@clickledger/platform-http';

/**
 * The control plane's operations (`/api/*`). Probes and metrics, which every service has, are left
 * out: they are for orchestrators and Prometheus, not API clients (docs/operations.md).
 */
export function buildOpenApiDocument(app: HttpServiceApp): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Clickledger control-plane API')
      .setDescription(
        'Affiliate networks, offers, traffic sources, campaigns, clicks, conversions, postback log, ' +
          'reports, test postbacks and the traffic-source delivery log. Every /api operation needs ' +
          '`Authorization: Bearer <API_TOKEN>`.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  return {
    ...document,
    paths: Object.fromEntries(Object.entries(document.paths).filter(([path]) => path.startsWith('/api/'))),
  };
}

/**
 * Swagger UI at `/api/docs`, the OpenAPI 3 document at `/api/docs-json` (CONTRACT §7). Served
 * outside the bearer guard, as they hold no data; Swagger UI's "Authorize" takes the token.
 * The UI's assets come from swagger-ui-dist through @fastify/static.
 */
export function installOpenApi(app: HttpServiceApp): void {
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    raw: ['json'],
    customSiteTitle: 'Clickledger API',
    // No online validator badge: it would load an image from validator.swagger.io (and the CSP refuses it).
    swaggerOptions: { validatorUrl: null, persistAuthorization: false },
  });
}
