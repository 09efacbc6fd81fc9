import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quietProcessWarnings } from './process-warnings.js';

describe('quietProcessWarnings', () => {
  let saved: NodeJS.WarningListener[];
  beforeEach(() => {
    saved = process.listeners('warning');
  });
  afterEach(() => {
    process.removeAllListeners('warning');
    for (const listener of saved) process.on('warning', listener);
  });

  /** Emits warnings the way Node does (on the next tick) and collects what was written. */
  async function emitted(warnings: Array<[message: string, type: string]>): Promise<string> {
    let written = '';
    quietProcessWarnings('ssm-desk', (text) => (written += text));
    const seen = new Promise<void>((resolve) => {
      let count = 0;
      process.on('warning', () => {
        if (++count === warnings.length) resolve();
      });
    });
    for (const [message, type] of warnings) process.emitWarning(message, type);
    await seen;
    return written;
  }

  it('drops the SDK Node-version notice and experimental warnings; others are one prefixed line', async () => {
    const written = await emitted([
      ['NodeVersionSupportWarning: The AWS SDK for JavaScript will no longer support Node 20', 'Warning'],
      ['The Fetch API is an experimental feature', 'ExperimentalWarning'],
      [
        'Possible EventEmitter memory leak detected.\nUse emitter.setMaxListeners()',
        'MaxListenersExceededWarning',
      ],
    ]);
    expect(written).toBe('ssm-desk: warning: Possible EventEmitter memory leak detected.\n');
  });

  it("replaces Node's own printer instead of adding to it", () => {
    quietProcessWarnings('session-manager-plugin', () => undefined);
    expect(process.listenerCount('warning')).toBe(1);
  });
});
