import type { Writable } from 'node:stream';
import type { ClientMessage } from '../protocol/codec/client-message.js';
import { PayloadType } from '../protocol/codec/message-type.js';
import type { DeliveryResult } from '../protocol/reliable-channel.js';
import { drainedOrClosed } from './port/socket-drained.js';
import type { SessionTypeContext, SessionTypeHandler } from './session-type.js';

/** "EXIT_CODE: <n>" as the agent sends it in an ExitCode payload (spec §10). */
const EXIT_CODE_PATTERN = /^EXIT_CODE: (-?\d+)$/;

export function parseExitCode(payload: Uint8Array): number | undefined {
  const match = EXIT_CODE_PATTERN.exec(Buffer.from(payload).toString('utf8').trim());
  return match ? Number(match[1]) : undefined;
}

export interface CommandOutput {
  stdout: Writable;
  stderr: Writable;
}

/**
 * A NonInteractiveCommands session read the way a program wants it, not the way the Go plugin prints
 * it: Output to stdout, StdErr (11) to stderr, and the ExitCode (12) payload parsed into a number
 * instead of printed (spec §7.4, §10). Used by `ssm-desk exec` and the library's runCommand.
 */
export class CommandSession implements SessionTypeHandler {
  /** The remote exit code, once the agent has sent it (only with separateOutputStream). */
  exitCode: number | undefined;

  constructor(
    private readonly context: SessionTypeContext,
    private readonly output: CommandOutput,
  ) {}

  deliver(message: ClientMessage): DeliveryResult {
    switch (message.payloadType) {
      case PayloadType.ExitCode: {
        const code = parseExitCode(message.payload);
        if (code === undefined) this.context.diagnostic('ignored a malformed ExitCode payload');
        else this.exitCode = code;
        return 'delivered';
      }
      case PayloadType.StdErr:
        return this.write(this.output.stderr, message.payload);
      case PayloadType.Output:
        return this.write(this.output.stdout, message.payload);
      default:
        return 'delivered';
    }
  }

  /** Ctrl-C for the remote command: the agent turns 0x03 into SIGINT (spec §10). */
  interrupt(): void {
    this.context.send(PayloadType.Output, Buffer.from([0x03]));
  }

  dispose(): void {}

  private write(stream: Writable, data: Buffer): DeliveryResult {
    if (stream.write(data)) return 'delivered';
    // 'close' too: a stream that goes away never drains, and delivery must not wait for it for ever.
    return drainedOrClosed(stream);
  }
}
