import { createInterface } from 'node:readline';
import type { CliIO } from './cli-io.js';

/** Asks one line on the terminal (the prompt on stderr, so stdout stays clean). */
export function promptLine(io: CliIO, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
    rl.question(prompt, (answer) => {
      rl.close();
      resolve(answer.trim());
    });
    rl.once('close', () => reject(new Error('no answer')));
  });
}
