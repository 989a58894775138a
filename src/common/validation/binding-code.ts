import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';

/** A code the user types: exactly six digits, refused before Auth0 is ever called. */
export function IsBindingCode(field = 'binding_code'): PropertyDecorator {
  return applyDecorators(IsString(), Matches(/^\d{6}$/, { message: `${field} must be 6 digits` }));
}
