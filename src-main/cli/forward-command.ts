import type { CliIO } from './cli-io.js';

/** Placeholder until the port-forwarding command lands (another engineer owns this file). */
export async function runForwardCommand(_argv: readonly string[], io: CliIO): Promise<number> {
  io.stderr.write('ssm-desk: forward is not available in this build\n');
  return 1;
}
