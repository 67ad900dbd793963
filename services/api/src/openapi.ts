import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { HttpServiceApp } from '@clickledger/platform-http';

/**
 * The OpenAPI document as JSON at `/api/docs` (the contract's address) and `/api/docs-json`.
 * No Swagger UI: it needs @fastify/static, which the workspace does not ship; any OpenAPI viewer
 * can load the JSON. Served outside the bearer guard, as it holds no data.
 */
export function installOpenApi(app: HttpServiceApp): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Clickledger control-plane API')
      .setDescription(
        'Affiliate networks, offers, traffic sources, campaigns, clicks, conversions, postback log',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { ui: false, raw: ['json'], jsonDocumentUrl: 'api/docs' });
  SwaggerModule.setup('api/docs-json', app, document, {
    ui: false,
    raw: ['json'],
    jsonDocumentUrl: 'api/docs-json',
  });
}
