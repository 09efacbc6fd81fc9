import { ApiError, validationError } from './aws-errors.js';

type Json = Record<string, unknown>;

/** AWS's validation messages name members in lowerCamelCase. */
function memberName(field: string): string {
  return field.charAt(0).toLowerCase() + field.slice(1);
}

/** Coral (the JSON-protocol front end) rejects wrong JSON types before any validation. */
function wrongType(field: string, expected: string): ApiError {
  return new ApiError('SerializationException', `Unexpected value type for ${field}: expected ${expected}`);
}

export function notNull(field: string): ApiError {
  return validationError(
    `1 validation error detected: Value null at '${memberName(field)}' failed to satisfy constraint: Member must not be null`,
  );
}

export function optionalString(input: Json, field: string, maxLength = 100_000): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(field, 'string');
  if (value.length > maxLength) {
    throw validationError(
      `1 validation error detected: Value at '${memberName(field)}' failed to satisfy constraint: Member must have length less than or equal to ${maxLength}`,
    );
  }
  return value;
}

export function requiredString(input: Json, field: string, maxLength?: number): string {
  const value = optionalString(input, field, maxLength);
  if (value === undefined) throw notNull(field);
  if (value === '') {
    throw validationError(
      `1 validation error detected: Value '' at '${memberName(field)}' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    );
  }
  return value;
}

export function optionalInteger(input: Json, field: string, min: number, max: number): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(field, 'integer');
  if (value < min || value > max) {
    const bound = value < min ? `greater than or equal to ${min}` : `less than or equal to ${max}`;
    throw validationError(
      `1 validation error detected: Value '${value}' at '${memberName(field)}' failed to satisfy constraint: Member must have value ${bound}`,
    );
  }
  return value;
}

export function optionalList(input: Json, field: string): unknown[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(field, 'list');
  return value;
}

export function asObject(value: unknown, field: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw wrongType(field, 'structure');
  return value as Json;
}

export function optionalObject(input: Json, field: string): Json | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  return asObject(value, field);
}

export function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw wrongType(field, 'list');
  return value.map((item) => {
    if (typeof item !== 'string') throw wrongType(field, 'list of strings');
    return item;
  });
}

/** A string -> string map such as KMS EncryptionContext. */
export function stringMap(input: Json, field: string): Record<string, string> {
  const value = input[field];
  if (value === undefined || value === null) return {};
  const map = asObject(value, field);
  for (const item of Object.values(map)) {
    if (typeof item !== 'string') throw wrongType(field, 'map of strings');
  }
  return map as Record<string, string>;
}
