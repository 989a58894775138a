import { ApiHeader } from '@nestjs/swagger';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/**
 * Documents an endpoint that sends a code as safe to retry with an `Idempotency-Key`; its handler runs
 * its work through `Idempotency.run`.
 */
export function Idempotent(): MethodDecorator {
  return ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
    description:
      'Retry-safe key (1–255 printable ASCII characters). The same key, bearer and body within 10 minutes replay the first answer without sending a second code; another body is `422 idempotency_key_reused`. Replays carry `Idempotent-Replayed: true`.',
  });
}
