import { invalidRequest, unreadableBody } from './emulator-errors';
import { RequestBody, UnreadableBody } from './body-parsers';

export type Fields = Record<string, unknown>;

export function readFields(body: unknown): Fields {
  if (body === undefined || body === null) return {};
  if (body instanceof UnreadableBody || typeof body !== 'object' || Array.isArray(body)) {
    throw unreadableBody();
  }
  return body as Exclude<RequestBody, UnreadableBody>;
}

/** A string field; a one-element array of a string is taken as that string (seed 004's `client_id`). */
export function optionalString(fields: Fields, name: string): string | undefined {
  let value = fields[name];
  if (Array.isArray(value) && value.length === 1) value = value[0];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw invalidRequest(`Invalid parameter: ${name} must be a string`);
  return value;
}

export function requiredString(fields: Fields, name: string): string {
  const value = optionalString(fields, name);
  if (value === undefined) throw invalidRequest(`Missing required parameter: ${name}`);
  return value;
}

/** A list field; form bodies cannot say "array", so a single string is a list of one. */
export function optionalStringList(fields: Fields, name: string): string[] | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((item): item is string => typeof item === 'string')) {
    throw invalidRequest(`Invalid parameter: ${name} must be an array of strings`);
  }
  return list;
}

export function rejectUnknownFields(fields: Fields, allowed: readonly string[]): void {
  const unknown = Object.keys(fields).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw invalidRequest(`Unknown parameter: ${unknown}`);
}
