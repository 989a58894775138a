import { ApiProperty } from '@nestjs/swagger';

/**
 * A string field with a fixed set of values, documented as `type: string` with `enum` under a schema name
 * of its own, so generated clients get a named union to switch on. (The swagger plugin reads a TypeScript
 * union type as `object`.)
 */
export function ApiEnum(
  values: readonly string[],
  enumName: string,
  options: { required?: boolean; description?: string } = {},
): PropertyDecorator {
  return ApiProperty({ ...options, type: 'string', enum: [...values], enumName });
}
