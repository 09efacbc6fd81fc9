/** What an escape sequence asks for. */
export type EscapeAction = 'terminate' | 'help';

export interface ScanResult {
  /** Bytes to send to the remote shell, with escape sequences taken out. */
  forward: Buffer;
  actions: EscapeAction[];
}

const TILDE = 0x7e;
const CR = 0x0d;
const LF = 0x0a;

export const ESCAPE_HELP =
  'Supported escape sequences:\r\n' +
  ' ~.   - terminate the session\r\n' +
  ' ~?   - this message\r\n' +
  ' ~~   - send the escape character by typing it twice\r\n' +
  '(Note that escapes are only recognized immediately after newline.)\r\n';

/**
 * OpenSSH-style escapes in keyboard input: `~` is special only at the start of a line (right after
 * Enter, or at the start of the session). `~.` terminates, `~?` lists the escapes, `~~` sends one `~`,
 * and `~` followed by anything else sends both characters. A `~` at the end of a chunk is held until
 * the next chunk decides what it is.
 */
export class EscapeScanner {
  private atLineStart = true;
  private pendingTilde = false;

  scan(chunk: Uint8Array): ScanResult {
    const out: number[] = [];
    const actions: EscapeAction[] = [];
    for (const byte of chunk) {
      if (this.pendingTilde) {
        this.pendingTilde = false;
        if (byte === 0x2e) {
          actions.push('terminate');
          this.atLineStart = false;
          continue;
        }
        if (byte === 0x3f) {
          actions.push('help');
          this.atLineStart = true;
          continue;
        }
        if (byte === TILDE) {
          out.push(TILDE);
          this.atLineStart = false;
          continue;
        }
        out.push(TILDE);
        // fall through: the byte is handled as ordinary input below
      } else if (this.atLineStart && byte === TILDE) {
        this.pendingTilde = true;
        continue;
      }
      out.push(byte);
      this.atLineStart = byte === CR || byte === LF;
    }
    return { forward: Buffer.from(out), actions };
  }
}
