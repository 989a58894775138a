import { ApiHeader } from '@nestjs/swagger';
import { MAX_WAIT_SECONDS } from '../http/prefer-wait';

/** Documents `Prefer: wait=N` on the calls that can hold their answer for a push approval. */
export function ApiPreferWait(): MethodDecorator {
  return ApiHeader({
    name: 'Prefer',
    required: false,
    schema: { type: 'string', pattern: '^.*wait=\\d+.*$', example: 'wait=20' },
    description: `For a push code: \`wait=N\` (RFC 7240, N ≤ ${MAX_WAIT_SECONDS}) holds the answer up to N seconds while the gateway polls Auth0 at its pace, and the answer carries \`Preference-Applied: wait=N\`.`,
  });
}
