import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { pinoHttpOptions, type LoggingOptions } from './logger-options';

/** nestjs-pino configured for JSON lines, redaction and correlation ids. */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    const http = pinoHttpOptions(options);
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: options.destination === undefined ? http : [http, options.destination],
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          exclude: (options.hotRoutes ?? []).map((path) => ({ path, method: RequestMethod.ALL })),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
