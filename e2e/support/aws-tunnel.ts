import type { Emulator } from '../../src-main/emulator/emulator.js';
import { awsCliEnvironment, findAwsClis } from './aws-cli.js';
import { BackgroundCommand } from './port-tools.js';

const v2 = findAwsClis().find((cli) => cli.label === 'v2');

/** `aws ssm start-session --document-name <document>` through Debian's awscli (v2) and our plugin. */
export function startAwsTunnel(
  emulator: Emulator,
  target: string,
  document: string,
  parameters: Record<string, string[]>,
): BackgroundCommand {
  if (!v2) throw new Error('Debian awscli (v2) is not installed');
  return new BackgroundCommand(
    v2.path,
    [
      'ssm',
      'start-session',
      '--target',
      target,
      '--endpoint-url',
      emulator.endpoint,
      '--region',
      'us-east-1',
      '--document-name',
      document,
      '--parameters',
      JSON.stringify(parameters),
    ],
    awsCliEnvironment(emulator.endpoint),
  );
}
