import type { Readable, Writable } from 'node:stream';
import type { ClientMessage } from '../../protocol/codec/client-message.js';
import { PayloadType, STREAM_DATA_PAYLOAD_SIZE } from '../../protocol/codec/message-type.js';
import type { DeliveryResult } from '../../protocol/reliable-channel.js';
import type { SessionTypeContext } from '../session-type.js';
import { drainedOrClosed } from './socket-drained.js';

/** Local byte streams for stdio forwarding (the process's stdin/stdout in the CLI faces). */
export interface StdioStreams {
  input: Readable;
  output: Writable;
}

/**
 * Stream forwarding for Port sessions without LocalPortForwarding, e.g. AWS-StartSSHSession as an ssh
 * ProxyCommand (spec §7.3 "StandardStreamForwarding"): stdin goes out in payloads of at most 1024 bytes,
 * payloads are written to stdout, and EOF on stdin ends the session silently.
 */
export class StreamForwarder {
  private ended = false;

  constructor(
    private readonly context: SessionTypeContext,
    private readonly stdio: StdioStreams,
  ) {
    stdio.input.on('data', (chunk: Buffer) => {
      let blocked = false;
      for (let offset = 0; offset < chunk.length; offset += STREAM_DATA_PAYLOAD_SIZE) {
        if (!context.send(PayloadType.Output, chunk.subarray(offset, offset + STREAM_DATA_PAYLOAD_SIZE)))
          blocked = true;
      }
      if (blocked) {
        stdio.input.pause();
        void context.writable().then(() => stdio.input.resume());
      }
    });
    const end = (reason: string): void => {
      if (this.ended) return;
      this.ended = true;
      context.end({ kind: 'local', reason });
    };
    stdio.input.once('end', () => end('EOF'));
    stdio.input.once('error', (error: Error) => end(error.message));
    stdio.input.resume();
  }

  deliver(message: ClientMessage): DeliveryResult {
    if (message.payloadType !== PayloadType.Output) return 'delivered';
    if (this.stdio.output.write(message.payload)) return 'delivered';
    return drainedOrClosed(this.stdio.output);
  }

  close(): void {
    this.ended = true;
    this.stdio.input.pause();
  }
}
