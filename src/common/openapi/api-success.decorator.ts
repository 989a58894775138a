import { Type } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/**
 * Documents an operation's successful answer: its status, what it means and its schema (`[Dto]` for a
 * list; none for an empty answer). The headers every answer carries are added to the document as a whole
 * (src/bootstrap/swagger.ts).
 */
export function ApiSuccess(
  status: 200 | 201 | 204,
  description: string,
  type?: Type<unknown> | [Type<unknown>],
): MethodDecorator {
  return ApiResponse({ status, description, ...(type ? { type } : {}) });
}
