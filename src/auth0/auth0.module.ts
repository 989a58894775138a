import { HttpModule, HttpService } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { ObservabilityModule } from '../observability/observability.module';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app-config';
import { auth0HttpOptions, withoutDefaultHeaders } from './auth0-http.options';
import { Auth0Breaker } from './auth0-breaker';
import { Auth0Client } from './auth0.client';
import { Auth0Transport } from './auth0-transport';
import { ClientAuthentication } from './client-authentication';

/**
 * The one way to Auth0. Feature modules import this and get `Auth0Client`; the HTTP stack under it
 * (axios instance, undici connection pool) stays private to this module.
 */
@Module({
  imports: [
    ObservabilityModule,
    HttpModule.registerAsync({
      extraProviders: [Auth0Transport],
      inject: [ConfigService, Auth0Transport],
      useFactory: (config: ConfigService<AppConfig, true>, transport: Auth0Transport) =>
        auth0HttpOptions(config.get('auth0', { infer: true }), transport.adapter),
    }),
  ],
  providers: [Auth0Client, Auth0Breaker, ClientAuthentication],
  exports: [Auth0Client, Auth0Breaker],
})
export class Auth0Module {
  constructor(http: HttpService) {
    withoutDefaultHeaders(http.axiosRef);
  }
}
