import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBotocoreData, readBotocoreFile } from '../testing/botocore.js';
import { extractInputModel, type BotocoreModel } from './extract-input-model.js';
import { INPUT_MODELS, VALIDATED_OPERATIONS } from './input-models.js';

const BOTOCORE = findBotocoreData();
const GENERATED = join(import.meta.dirname, 'input-models.generated.ts');

describe.skipIf(!BOTOCORE)(
  BOTOCORE
    ? 'the checked-in input models'
    : 'the checked-in input models (skipped: no botocore on this machine)',
  () => {
    const extracted = Object.fromEntries(
      Object.entries(VALIDATED_OPERATIONS).map(([service, operations]) => [
        service,
        extractInputModel(
          readBotocoreFile(BOTOCORE as string, service, 'service-2.json') as BotocoreModel,
          operations,
        ),
      ]),
    );

    // UPDATE_EMULATOR_MODELS=1 npx vitest run src-main/emulator/models rewrites the table from
    // botocore before the comparison below (a tool, not a test: nothing is skipped without it).
    beforeAll(async () => {
      if (process.env.UPDATE_EMULATOR_MODELS !== '1') return;
      const { format, resolveConfig } = await import('prettier');
      const source =
        '// Generated from botocore by input-models.test.ts (UPDATE_EMULATOR_MODELS=1). Do not edit.\n' +
        "import type { InputModel } from './input-model.js';\n\n" +
        `export const GENERATED_INPUT_MODELS: Record<string, InputModel> = ${JSON.stringify(extracted)};\n`;
      writeFileSync(
        GENERATED,
        await format(source, { ...(await resolveConfig(GENERATED)), filepath: GENERATED }),
      );
    });

    it('equal what botocore says today, constraint for constraint', () => {
      expect(INPUT_MODELS).toEqual(extracted);
    });
  },
);

describe('the input models', () => {
  it('have a pattern JavaScript can compile wherever the model has one', () => {
    for (const model of Object.values(INPUT_MODELS)) {
      for (const [name, shape] of Object.entries(model.shapes)) {
        if (shape.pattern !== undefined) expect(() => new RegExp(shape.pattern!, 'u'), name).not.toThrow();
      }
    }
  });
});
