import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import cookieParser from 'cookie-parser';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { requestContextMiddleware } from './audit/request-context.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';

/** Builds the HTTP application (used by the API entry and by the e2e tests). */
export async function createHttpApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule, {
    logger: loggerLevels(config.LOG_LEVEL),
    bufferLogs: false,
    abortOnError: false,
  });
  app.use(requestContextMiddleware);
  // The web console's session cookie (the API itself only reads Authorization headers).
  app.use(cookieParser());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('劳务输出 case & subsidy API')
    .setDescription(
      'Workers, employers, brokers, placements, contract deadlines, subsidy claims, rights cases. Log in at POST /auth/login, then send `Authorization: Bearer <token>`.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), {
    jsonDocumentUrl: 'api/docs-json',
  });
  return app;
}

export function loggerLevels(level: AppConfig['LOG_LEVEL']): ('error' | 'warn' | 'log' | 'debug' | 'verbose')[] {
  const all = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  return all.slice(0, all.indexOf(level) + 1);
}
