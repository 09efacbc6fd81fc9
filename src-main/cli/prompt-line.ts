import { CliError } from './cli-errors.js';
import type { CliIO } from './cli-io.js';

export interface PromptOptions {
  /** Show what is typed (default true). False for codes and secrets, as getpass does. */
  echo?: boolean;
}

/**
 * Asks one line on the terminal: the prompt on stderr (stdout stays clean), the answer read from stdin in
 * raw mode so that it can be hidden. Enter ends the line, Backspace and Ctrl-U edit it, Ctrl-C cancels
 * (a CliError with exit status 130) and Ctrl-D on an empty line gives up. The terminal mode is restored
 * and stdin paused afterwards, whatever happens. stdin must be a terminal.
 */
export function promptLine(io: CliIO, prompt: string, options: PromptOptions = {}): Promise<string> {
  const { stdin, stderr } = io;
  const echo = options.echo ?? true;
  if (!stdin.isTTY) return Promise.reject(new CliError('cannot ask: stdin is not a terminal'));
  return new Promise((resolve, reject) => {
    const wasRaw = stdin.isRaw;
    let answer: string[] = [];
    let escape: 'none' | 'esc' | 'csi' = 'none';
    const finish = (error?: Error): void => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.setRawMode(wasRaw);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(answer.join('').trim());
    };
    const onEnd = (): void => finish(new CliError('no answer: stdin ended'));
    const onData = (chunk: Buffer | string): void => {
      for (const char of chunk.toString()) {
        // Arrow and function keys (ESC [ … final byte) are ignored, not typed into the answer.
        if (escape === 'esc') {
          escape = char === '[' || char === 'O' ? 'csi' : 'none';
          continue;
        }
        if (escape === 'csi') {
          if (char >= '@' && char <= '~') escape = 'none';
          continue;
        }
        switch (char) {
          case '\r':
          case '\n':
            finish();
            return;
          case '\u0003':
            finish(new CliError('cancelled', 130));
            return;
          case '\u0004':
            if (answer.length === 0) {
              finish(new CliError('no answer'));
              return;
            }
            continue;
          case '\u001b':
            escape = 'esc';
            continue;
          case '\u007f':
          case '\b':
            if (answer.length > 0) {
              answer.pop();
              if (echo) stderr.write('\b \b');
            }
            continue;
          case '\u0015':
            if (echo) stderr.write('\b \b'.repeat(answer.length));
            answer = [];
            continue;
        }
        if (char < ' ') continue;
        answer.push(char);
        if (echo) stderr.write(char);
      }
    };
    stdin.setRawMode(true);
    stderr.write(prompt);
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.resume();
  });
}
