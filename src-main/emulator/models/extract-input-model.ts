import type { InputModel, InputShape } from './input-model.js';

/** The parts of a botocore service-2.json this file reads. */
export interface BotocoreModel {
  metadata: { apiVersion: string };
  operations: Record<string, { input?: { shape: string } }>;
  shapes: Record<string, BotocoreShape>;
}

export interface BotocoreShape {
  type: string;
  members?: Record<string, { shape: string }>;
  required?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
}

/** The input shapes of `operations` and every shape they reach, with only the fields validation uses. */
export function extractInputModel(model: BotocoreModel, operations: readonly string[]): InputModel {
  const shapes: Record<string, InputShape> = {};
  const visit = (name: string): void => {
    if (Object.hasOwn(shapes, name)) return;
    const source = model.shapes[name];
    if (!source) throw new Error(`the model has no shape ${name}`);
    const shape: InputShape = { type: source.type as InputShape['type'] };
    shapes[name] = shape;
    if (source.members) {
      shape.members = Object.fromEntries(
        Object.entries(source.members).map(([member, ref]) => [member, ref.shape]),
      );
    }
    if (source.required && source.required.length > 0) shape.required = [...source.required];
    if (source.member) shape.member = source.member.shape;
    if (source.key) shape.key = source.key.shape;
    if (source.value) shape.value = source.value.shape;
    if (source.min !== undefined) shape.min = source.min;
    if (source.max !== undefined) shape.max = source.max;
    if (source.pattern !== undefined) shape.pattern = source.pattern;
    if (source.enum) shape.enum = [...source.enum];
    if (source.sensitive) shape.sensitive = true;
    for (const next of [
      ...Object.values(shape.members ?? {}),
      ...[shape.member, shape.key, shape.value].filter((ref): ref is string => ref !== undefined),
    ]) {
      visit(next);
    }
  };
  const operationInputs: Record<string, string> = {};
  for (const operation of operations) {
    const input = model.operations[operation]?.input?.shape;
    if (!input) throw new Error(`the model has no input for ${operation}`);
    operationInputs[operation] = input;
    visit(input);
  }
  // Sorted, so the checked-in table does not churn with botocore's shape order.
  const sorted = Object.fromEntries(Object.entries(shapes).sort(([a], [b]) => a.localeCompare(b)));
  return { apiVersion: model.metadata.apiVersion, operations: operationInputs, shapes: sorted };
}
