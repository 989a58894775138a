import { applyDecorators } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';

/** The security schemes of the document (src/bootstrap/swagger.ts). */
export const BEARER_SCHEME = 'mfa';
export const API_KEY_SCHEME = 'api-key';
export const ADMIN_SCHEME = 'admin';

/**
 * Who may call an operation, as OpenAPI security requirements. `x-api-key` is needed on every `/v1` call
 * only where the gateway runs with `API_KEYS`, so each `/v1` operation lists both deployments:
 * - `bearer`: the caller's `Authorization: Bearer` token, and the API key where one is configured;
 * - `public`: no token (sign-in, refresh), the API key where one is configured;
 * - `open`: outside `/v1` (health), nothing;
 * - `admin`: the operators' endpoints, `Authorization: Bearer <ADMIN_TOKEN>`.
 */
export function ApiAccess(
  kind: 'bearer' | 'public' | 'open' | 'admin',
): MethodDecorator & ClassDecorator {
  switch (kind) {
    case 'bearer':
      return applyDecorators(
        ApiSecurity({ [BEARER_SCHEME]: [] }),
        ApiSecurity({ [BEARER_SCHEME]: [], [API_KEY_SCHEME]: [] }),
      );
    case 'public':
      return applyDecorators(ApiSecurity({}), ApiSecurity({ [API_KEY_SCHEME]: [] }));
    case 'open':
      return ApiSecurity({});
    case 'admin':
      return ApiSecurity({ [ADMIN_SCHEME]: [] });
  }
}
