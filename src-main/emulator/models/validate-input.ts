import { ApiError } from '../api/aws-errors.js';
import type { InputModel, InputShape } from './input-model.js';

type Json = Record<string, unknown>;

/**
 * Validates a JSON-protocol request the way the services' front end (Coral) does, from the model:
 * first the JSON types (a wrong type is a SerializationException), then every constraint (required
 * members, lengths, ranges, patterns, enums), all violations in one ValidationException:
 *
 *   2 validation errors detected: Value 'a\nb' at 'reason' failed to satisfy constraint: Member must
 *   satisfy regular expression pattern: ^.{1,256}$; Value null at 'target' failed to satisfy …
 *
 * Paths name members in lowerCamelCase, list items as `filters.1.member`. Constraints on the items of
 * a list of scalars, and on map keys and values, are reported on the list or map itself, in Coral's
 * nested form (`Member must satisfy constraint: [...]`, `Map value must satisfy constraint: [...]`).
 * Members the model does not know are ignored, as they are by AWS.
 */
export function validateInput(model: InputModel, operation: string, input: Json): void {
  const inputShape = model.operations[operation];
  if (inputShape === undefined) return;
  const violations: string[] = [];
  new Validator(model, violations).structure(inputShape, input, '');
  if (violations.length === 0) return;
  const count = violations.length === 1 ? '1 validation error' : `${violations.length} validation errors`;
  throw new ApiError('ValidationException', `${count} detected: ${violations.join('; ')}`);
}

class Validator {
  constructor(
    private readonly model: InputModel,
    private readonly violations: string[],
  ) {}

  shape(name: string): InputShape {
    const shape = this.model.shapes[name];
    if (!shape) throw new Error(`input model has no shape ${name}`);
    return shape;
  }

  /** Checks a value already known to be present against its shape and records what fails. */
  value(shapeName: string, value: unknown, path: string): void {
    const shape = this.shape(shapeName);
    checkType(shape, value, path);
    const failed = this.constraints(shape, value);
    if (failed.length > 0) this.report(shape, value, path, failed);
    if (shape.type === 'structure') this.structure(shapeName, value as Json, path);
    else if (shape.type === 'list') this.list(shape, value as unknown[], path);
    else if (shape.type === 'map') this.map(shape, value as Json, path);
  }

  structure(shapeName: string, value: Json, path: string): void {
    const shape = this.shape(shapeName);
    checkType(shape, value, path || '(body)');
    for (const [member, memberShape] of Object.entries(shape.members ?? {})) {
      const memberPath = path ? `${path}.${lowerFirst(member)}` : lowerFirst(member);
      const memberValue = value[member];
      if (memberValue === undefined || memberValue === null) {
        if (shape.required?.includes(member)) {
          this.violations.push(
            `Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`,
          );
        }
        continue;
      }
      this.value(memberShape, memberValue, memberPath);
    }
  }

  private list(shape: InputShape, items: unknown[], path: string): void {
    const memberShape = this.shape(shape.member as string);
    if (memberShape.type === 'structure' || memberShape.type === 'list' || memberShape.type === 'map') {
      items.forEach((item, index) => {
        const itemPath = `${path}.${index + 1}.member`;
        if (item === null || item === undefined) {
          this.violations.push(
            `Value null at '${itemPath}' failed to satisfy constraint: Member must not be null`,
          );
        } else {
          this.value(shape.member as string, item, itemPath);
        }
      });
      return;
    }
    const nested = this.nested(memberShape, items, path);
    if (nested.length > 0) {
      this.report(shape, items, path, [`Member must satisfy constraint: [${nested.join(', ')}]`]);
    }
  }

  private map(shape: InputShape, entries: Json, path: string): void {
    const keyShape = this.shape(shape.key as string);
    const valueShape = this.shape(shape.value as string);
    const keyFailures = this.nested(keyShape, Object.keys(entries), path);
    const valueFailures = this.nested(valueShape, Object.values(entries), path);
    const failed: string[] = [];
    if (keyFailures.length > 0) failed.push(`Map keys must satisfy constraint: [${keyFailures.join(', ')}]`);
    if (valueFailures.length > 0)
      failed.push(`Map value must satisfy constraint: [${valueFailures.join(', ')}]`);
    if (failed.length > 0) this.report(shape, entries, path, failed);
  }

  /** The distinct constraint failures of a collection's items, for the nested message forms. */
  private nested(shape: InputShape, items: unknown[], path: string): string[] {
    const failures = new Set<string>();
    for (const item of items) {
      if (item === null || item === undefined) {
        failures.add('Member must not be null');
        continue;
      }
      checkType(shape, item, path);
      for (const failure of this.constraints(shape, item)) failures.add(failure);
      if (shape.type === 'list') {
        const inner = this.nested(this.shape(shape.member as string), item as unknown[], path);
        if (inner.length > 0) failures.add(`Member must satisfy constraint: [${inner.join(', ')}]`);
      }
    }
    return [...failures];
  }

  private constraints(shape: InputShape, value: unknown): string[] {
    const failed: string[] = [];
    const size = sizeOf(shape, value);
    if (size !== undefined) {
      const noun = shape.type === 'integer' || shape.type === 'long' ? 'value' : 'length';
      if (shape.max !== undefined && size > shape.max) {
        failed.push(`Member must have ${noun} less than or equal to ${shape.max}`);
      }
      if (shape.min !== undefined && size < shape.min) {
        failed.push(`Member must have ${noun} greater than or equal to ${shape.min}`);
      }
    }
    if (shape.type === 'string' && typeof value === 'string') {
      if (shape.pattern !== undefined && !new RegExp(shape.pattern, 'u').test(value)) {
        failed.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      if (shape.enum !== undefined && !shape.enum.includes(value)) {
        failed.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      }
    }
    return failed;
  }

  private report(shape: InputShape, value: unknown, path: string, failed: string[]): void {
    // Coral names sensitive values without showing them.
    const shown = shape.sensitive ? 'Value' : `Value '${render(value)}'`;
    for (const failure of failed) {
      this.violations.push(`${shown} at '${path}' failed to satisfy constraint: ${failure}`);
    }
  }
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The length or value a min/max constraint applies to. */
function sizeOf(shape: InputShape, value: unknown): number | undefined {
  switch (shape.type) {
    case 'string':
      // Coral counts UTF-16 code units, as Java strings do, so JavaScript's length is the same measure.
      return (value as string).length;
    case 'list':
      return (value as unknown[]).length;
    case 'map':
      return Object.keys(value as Json).length;
    case 'blob':
      return Buffer.from(value as string, 'base64').length;
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return value as number;
    default:
      return undefined;
  }
}

/** Values as Coral prints them (Java's toString): lists as [a, b], maps as {k=v}. */
function render(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}=${render(item)}`)
      .join(', ')}}`;
  }
  return String(value);
}

const JSON_TYPE: Record<InputShape['type'], string> = {
  structure: 'structure',
  list: 'list',
  map: 'map',
  string: 'string',
  integer: 'integer',
  long: 'long',
  boolean: 'boolean',
  blob: 'base64 blob',
  timestamp: 'timestamp',
  double: 'double',
  float: 'float',
};

/** A JSON value of the wrong type never reaches validation: the front end cannot deserialize it. */
function checkType(shape: InputShape, value: unknown, path: string): void {
  let ok: boolean;
  switch (shape.type) {
    case 'structure':
    case 'map':
      ok = value !== null && typeof value === 'object' && !Array.isArray(value);
      break;
    case 'list':
      ok = Array.isArray(value);
      break;
    case 'string':
      ok = typeof value === 'string';
      break;
    case 'blob':
      ok = typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
      break;
    case 'boolean':
      ok = typeof value === 'boolean';
      break;
    case 'integer':
    case 'long':
      ok = typeof value === 'number' && Number.isInteger(value);
      break;
    case 'timestamp':
      ok = typeof value === 'number' || typeof value === 'string';
      break;
    default:
      ok = typeof value === 'number';
  }
  if (!ok) {
    throw new ApiError(
      'SerializationException',
      `Unexpected value type for ${path}: expected ${JSON_TYPE[shape.type]}`,
    );
  }
}
