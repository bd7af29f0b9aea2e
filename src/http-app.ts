import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { AppConfig, trustProxy } from './config/app-config.js';
import { requestContextMiddleware } from './common/request-context.js';
import { IntRangePipe, RawInputPipe } from './common/input-guards.js';
import { declareRefusals } from './common/openapi.js';
import { createValidationPipe } from './common/validation.js';
import { noStore, securityHeaders } from './common/web-edge.js';
import { httpMetricsMiddleware } from './health/http-metrics.js';
import { MetricsService } from './health/metrics.service.js';

/** Builds the HTTP application (used by the API entry and by the e2e tests); settings come from the environment. */
export async function createHttpApp(): Promise<INestApplication> {
  // Start-up logs wait for the app's own logger (JSON or pretty, LOG_LEVEL) rather than Nest's console one.
  const app = await NestFactory.create(AppModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  (app as NestExpressApplication).set('trust proxy', trustProxy(app.get(AppConfig).TRUST_PROXY));
  app.use(securityHeaders);
  app.use(noStore);
  app.use(requestContextMiddleware);
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  // The web console's session cookie (the API itself only reads Authorization headers).
  app.use(cookieParser());
  // In this order: raw input the database cannot take, then the DTOs, then their integers' range.
  app.useGlobalPipes(new RawInputPipe(), createValidationPipe(), new IntRangePipe());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('劳务输出 case & subsidy API')
    .setDescription(
      'Workers, employers, brokers, placements, contract deadlines, subsidy claims, rights cases. Log in at POST /auth/login, then send `Authorization: Bearer <token>`.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => declareRefusals(SwaggerModule.createDocument(app, doc)), {
    jsonDocumentUrl: 'api/docs-json',
  });
  return app;
}
