import type { XmlElement } from './tiny-xml.js';

/** A member reference in a full botocore model (the output side needs its serialization hints). */
export interface ModelMember {
  shape: string;
  locationName?: string;
  location?: string;
  flattened?: boolean;
  jsonvalue?: boolean;
}

export interface ModelShape {
  type: string;
  members?: Record<string, ModelMember>;
  required?: string[];
  member?: ModelMember;
  key?: ModelMember;
  value?: ModelMember;
  enum?: string[];
  flattened?: boolean;
  timestampFormat?: string;
  exception?: boolean;
  /** Error shapes: the code on the wire when it differs from the shape name. */
  error?: { code?: string };
}

export interface FullModel {
  metadata: { protocol: string };
  operations: Record<
    string,
    { output?: { shape: string; resultWrapper?: string }; errors?: Array<{ shape: string }> }
  >;
  shapes: Record<string, ModelShape>;
}

/**
 * Compares a response value with a model shape the way a strict SDK would read it, collecting every
 * mismatch as `path: problem`: members the model does not have, required members that are missing,
 * wrong JSON or text types, enum values the model does not list.
 */
export class ShapeChecker {
  readonly problems: string[] = [];

  constructor(private readonly model: FullModel) {}

  private shape(name: string): ModelShape {
    const shape = this.model.shapes[name];
    if (!shape) throw new Error(`model has no shape ${name}`);
    return shape;
  }

  private problem(path: string, text: string): void {
    this.problems.push(`${path || '(root)'}: ${text}`);
  }

  /** JSON and REST-JSON bodies. Members bound to headers or the status code are not in the body. */
  json(shapeName: string, value: unknown, path = ''): void {
    const shape = this.shape(shapeName);
    switch (shape.type) {
      case 'structure': {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          this.problem(path, `expected an object, got ${JSON.stringify(value)}`);
          return;
        }
        const body = Object.entries(shape.members ?? {}).filter(([, ref]) => ref.location === undefined);
        const record = value as Record<string, unknown>;
        for (const key of Object.keys(record)) {
          if (!body.some(([name, ref]) => (ref.locationName ?? name) === key)) {
            this.problem(`${path}.${key}`, `not a member of ${shapeName}`);
          }
        }
        for (const [name, ref] of body) {
          const item = record[ref.locationName ?? name];
          if (item === undefined || item === null) {
            if (shape.required?.includes(name)) this.problem(`${path}.${name}`, 'required member missing');
            continue;
          }
          this.json(ref.shape, item, `${path}.${name}`);
        }
        return;
      }
      case 'list':
        if (!Array.isArray(value)) {
          this.problem(path, `expected a list, got ${JSON.stringify(value)}`);
          return;
        }
        value.forEach((item, index) =>
          this.json((shape.member as ModelMember).shape, item, `${path}[${index}]`),
        );
        return;
      case 'map':
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          this.problem(path, 'expected a map');
          return;
        }
        for (const [key, item] of Object.entries(value)) {
          this.json((shape.value as ModelMember).shape, item, `${path}{${key}}`);
        }
        return;
      case 'string':
        if (typeof value !== 'string') this.problem(path, `expected a string, got ${JSON.stringify(value)}`);
        else this.enumValue(shape, value, path);
        return;
      case 'integer':
      case 'long':
        if (typeof value !== 'number' || !Number.isInteger(value))
          this.problem(path, `expected an integer, got ${JSON.stringify(value)}`);
        return;
      case 'double':
      case 'float':
        if (typeof value !== 'number') this.problem(path, 'expected a number');
        return;
      case 'boolean':
        if (typeof value !== 'boolean')
          this.problem(path, `expected a boolean, got ${JSON.stringify(value)}`);
        return;
      case 'timestamp':
        // JSON protocols send epoch seconds unless the shape asks for a string format.
        if (shape.timestampFormat === 'iso8601' ? typeof value !== 'string' : typeof value !== 'number') {
          this.problem(path, `expected a timestamp, got ${JSON.stringify(value)}`);
        }
        return;
      case 'blob':
        if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
          this.problem(path, 'expected base64');
        return;
      default:
        this.problem(path, `unchecked type ${shape.type}`);
    }
  }

  /**
   * EC2 and Query XML. Elements are named by a member's locationName (or its name); a list holds
   * `item` (EC2) or `member` elements unless its member names another, or it is flattened.
   */
  xml(shapeName: string, element: XmlElement, path: string, style: 'ec2' | 'query'): void {
    const shape = this.shape(shapeName);
    switch (shape.type) {
      case 'structure': {
        const members = Object.entries(shape.members ?? {});
        const seen = new Set<string>();
        for (const child of element.children) {
          const found = members.find(
            ([name, ref]) => xmlName(name, ref, this.shape(ref.shape)) === child.name,
          );
          if (!found) {
            this.problem(`${path}.${child.name}`, `not a member of ${shapeName}`);
            continue;
          }
          const [name, ref] = found;
          const memberShape = this.shape(ref.shape);
          if (memberShape.type === 'list' && (ref.flattened || memberShape.flattened)) {
            this.xml((memberShape.member as ModelMember).shape, child, `${path}.${name}[]`, style);
          } else {
            if (seen.has(name)) this.problem(`${path}.${name}`, 'appears twice');
            this.xml(ref.shape, child, `${path}.${name}`, style);
          }
          seen.add(name);
        }
        for (const name of shape.required ?? []) {
          if (!seen.has(name)) this.problem(`${path}.${name}`, 'required member missing');
        }
        return;
      }
      case 'list': {
        const member = shape.member as ModelMember;
        const itemName = member.locationName ?? (style === 'ec2' ? 'item' : 'member');
        element.children.forEach((child, index) => {
          if (child.name !== itemName)
            this.problem(`${path}[${index}]`, `expected <${itemName}>, got <${child.name}>`);
          else this.xml(member.shape, child, `${path}[${index}]`, style);
        });
        return;
      }
      case 'map':
        for (const entry of element.children) {
          const value = entry.children.find(
            (child) => child.name === ((shape.value as ModelMember).locationName ?? 'value'),
          );
          if (value) this.xml((shape.value as ModelMember).shape, value, `${path}{}`, style);
        }
        return;
      default:
        this.scalar(shape, element, path);
    }
  }

  private scalar(shape: ModelShape, element: XmlElement, path: string): void {
    if (element.children.length > 0) {
      this.problem(path, `expected text, got <${element.children[0]?.name ?? ''}>`);
      return;
    }
    const text = element.text;
    switch (shape.type) {
      case 'string':
        this.enumValue(shape, text, path);
        return;
      case 'integer':
      case 'long':
        if (!/^-?\d+$/.test(text)) this.problem(path, `expected an integer, got '${text}'`);
        return;
      case 'double':
      case 'float':
        if (Number.isNaN(Number(text)) || text === '') this.problem(path, `expected a number, got '${text}'`);
        return;
      case 'boolean':
        if (text !== 'true' && text !== 'false') this.problem(path, `expected true or false, got '${text}'`);
        return;
      case 'timestamp':
        if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(text)) {
          this.problem(path, `expected an ISO 8601 timestamp, got '${text}'`);
        }
        return;
      case 'blob':
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) this.problem(path, 'expected base64');
        return;
      default:
        this.problem(path, `unchecked type ${shape.type}`);
    }
  }

  private enumValue(shape: ModelShape, value: string, path: string): void {
    if (shape.enum && !shape.enum.includes(value)) {
      this.problem(path, `'${value}' is not one of ${shape.enum.join(', ')}`);
    }
  }
}

/** The element name a structure member has in XML: a flattened list's items carry the list's name. */
function xmlName(name: string, ref: ModelMember, shape: ModelShape): string {
  if (shape.type === 'list' && (ref.flattened || shape.flattened)) {
    return ref.locationName ?? shape.member?.locationName ?? name;
  }
  return ref.locationName ?? name;
}
