import { describe, expect, it } from 'vitest';
import { encodeAcknowledge } from './acknowledge.js';
import { encodeClientMessage, parseFrame } from './codec/client-message.js';
import { MessageType, PayloadType } from './codec/message-type.js';
import { sealPayload, splitDataKey } from './codec/payload-cipher.js';
import { ProtocolError, type ProtocolErrorCode } from './codec/protocol-error.js';
import { newUuid } from './codec/wire-uuid.js';
import { ReliableChannel, type DeliveryResult } from './reliable-channel.js';

/**
 * Feeds random and mutated frames to the decoder and to ReliableChannel.receive. The contract under
 * test: bad wire input only ever produces a ProtocolError with a known code (thrown by parseFrame,
 * reported by the channel), never another exception, and never a hang.
 *
 * The seed is random per run so the corpus keeps growing; set PROTOCOL_FUZZ_SEED to replay a failure.
 */
const SEED = Number(process.env.PROTOCOL_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32)) >>> 0;
const RANDOM_FRAMES = 60_000;
const MUTATED_FRAMES = 60_000;

// A Record forces this list to name every code: adding a code without updating the test fails tsc.
const KNOWN_CODES: Record<ProtocolErrorCode, true> = {
  'frame-too-short': true,
  'header-length-out-of-range': true,
  'sequence-number-out-of-range': true,
  'header-length-zero': true,
  'message-type-missing': true,
  'created-date-missing': true,
  'payload-digest-mismatch': true,
  'message-type-too-long': true,
  'invalid-message-id': true,
  'invalid-payload': true,
  'wrong-payload-type': true,
  'invalid-key': true,
  'decrypt-failed': true,
  'smux-frame-too-long': true,
  'smux-session-closed': true,
};

function isKnownProtocolError(error: unknown): error is ProtocolError {
  return error instanceof ProtocolError && Object.prototype.hasOwnProperty.call(KNOWN_CODES, error.code);
}

/** mulberry32: small, fast and good enough to drive a fuzzer reproducibly. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = splitDataKey(Buffer.from('wubba lubba dub dub '.repeat(4).slice(0, 64)));

class Fuzzer {
  readonly random: () => number;
  constructor(seed: number) {
    this.random = mulberry32(seed);
  }
  int(limit: number): number {
    return Math.floor(this.random() * limit);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }
  /** Sequence numbers from every region that matters: small, negative, near the safe limit, any int64. */
  int64(): bigint {
    switch (this.int(5)) {
      case 0:
        return BigInt(this.int(40));
      case 1:
        return -BigInt(this.int(40));
      case 2:
        return 2n ** 53n - 3n + BigInt(this.int(6));
      case 3:
        return -(2n ** 53n) - 2n + BigInt(this.int(6));
      default:
        return BigInt.asIntN(64, (BigInt(this.int(2 ** 32)) << 32n) | BigInt(this.int(2 ** 32)));
    }
  }
}

/** Valid frames of every kind the client can receive, as the starting points for mutation. */
function templateFrames(f: Fuzzer): Buffer[] {
  const frames: Buffer[] = [];
  const stream = (seq: number, payloadType: number, payload: Buffer): Buffer =>
    encodeClientMessage({
      messageType: MessageType.OutputStreamData,
      sequenceNumber: seq,
      payloadType,
      payload,
    });
  for (let seq = 0; seq < 24; seq++) {
    frames.push(stream(seq, PayloadType.Output, f.bytes(f.int(64))));
    frames.push(stream(seq, PayloadType.Output, sealPayload(KEYS.agentToClient, f.bytes(f.int(64)))));
    frames.push(stream(seq, PayloadType.StdErr, sealPayload(KEYS.agentToClient, Buffer.from('err'))));
    frames.push(stream(seq, PayloadType.ExitCode, Buffer.from('EXIT_CODE: 0')));
    frames.push(
      stream(
        seq,
        PayloadType.HandshakeRequest,
        Buffer.from('{"AgentVersion":"3.3.0.0","RequestedClientActions":[]}'),
      ),
    );
    frames.push(
      stream(seq, PayloadType.HandshakeComplete, Buffer.from('{"HandshakeTimeToComplete":1000000}')),
    );
    frames.push(stream(seq, PayloadType.EncChallengeRequest, Buffer.from('{"Challenge":"AAAA"}')));
    frames.push(stream(seq, PayloadType.Flag, Buffer.from([0, 0, 0, 3])));
    frames.push(
      encodeAcknowledge({
        messageType: MessageType.InputStreamData,
        messageId: newUuid(),
        sequenceNumber: seq,
      }),
    );
  }
  const control = (messageType: string, payload: string): Buffer =>
    encodeClientMessage({
      messageType,
      sequenceNumber: 0,
      flags: 3,
      payloadType: 0,
      payload: Buffer.from(payload),
    });
  frames.push(control(MessageType.ChannelClosed, '{"MessageType":"channel_closed","Output":""}'));
  frames.push(control(MessageType.StartPublication, ''));
  frames.push(control(MessageType.PausePublication, ''));
  frames.push(control(MessageType.AgentSessionState, '{"SchemaVersion":1,"SessionState":"Connected"}'));
  frames.push(control(MessageType.Acknowledge, '{"AcknowledgedMessageSequenceNumber":"x"}'));
  frames.push(control(MessageType.Acknowledge, 'not json'));
  frames.push(control(MessageType.InputStreamData, 'echo'));
  return frames;
}

/** One mutation of a valid frame. Header fields outside the payload leave the digest valid. */
function mutate(f: Fuzzer, source: Buffer): Buffer {
  let frame: Buffer = Buffer.from(source);
  switch (f.int(10)) {
    case 0: {
      const flips = 1 + f.int(8);
      for (let i = 0; i < flips && frame.length > 0; i++) {
        const index = f.int(frame.length);
        frame[index] = (frame[index] as number) ^ (1 << f.int(8));
      }
      break;
    }
    case 1:
      frame = frame.subarray(0, f.int(frame.length + 1));
      break;
    case 2:
      frame = Buffer.concat([frame, f.bytes(1 + f.int(64))]);
      break;
    case 3: {
      if (frame.length < 4) break;
      const candidates = [
        0,
        1,
        115,
        116,
        117,
        frame.length - 4,
        frame.length - 3,
        frame.length,
        0xffffffff,
        f.int(2 ** 32),
      ];
      frame.writeUInt32BE(f.pick(candidates) >>> 0, 0);
      break;
    }
    case 4:
      if (frame.length >= 56) frame.writeBigInt64BE(f.int64(), 48);
      break;
    case 5:
      if (frame.length >= 116)
        frame.writeUInt32BE(f.pick([0, 1, 3, 5, 7, 8, 10, 11, 12, f.int(2 ** 32)]), 112);
      break;
    case 6:
      if (frame.length >= 36) {
        frame.fill(f.pick([0x00, 0x20]), 4, 36);
        const type = f.pick([
          ...Object.values(MessageType),
          'x'.repeat(32),
          f.bytes(f.int(32)).toString('latin1'),
        ]);
        frame.write(type, 4, 32, 'latin1');
      }
      break;
    case 7:
      if (frame.length >= 48) frame.writeBigUInt64BE(f.pick([0n, 1n, 2n ** 64n - 1n]), 40);
      break;
    case 8:
      if (frame.length >= 120) frame.writeUInt32BE(f.pick([0, 1, frame.length, 0xffffffff]), 116);
      break;
    default: {
      // A well-formed frame (valid digest) around a hostile payload: junk JSON, junk ciphertext.
      const payload = f.pick([
        f.bytes(f.int(200)),
        Buffer.from(`{"AcknowledgedMessageSequenceNumber":${f.int64()}}`),
        Buffer.from('{"AcknowledgedMessageSequenceNumber":1e400}'),
        Buffer.from('{"RequestedClientActions":[null]}'),
        Buffer.alloc(0),
      ]);
      const original = parseFrameOrUndefined(source);
      // A decoded type with invalid UTF-8 can grow past 32 bytes when encoded again (U+FFFD is 3 bytes).
      const type = original && Buffer.byteLength(original.messageType) <= 32 ? original.messageType : '';
      frame = encodeClientMessage({
        messageType: type || MessageType.OutputStreamData,
        sequenceNumber: original?.sequenceNumber ?? f.int(20),
        payloadType: original?.payloadType ?? f.int(13),
        payload,
      });
    }
  }
  return frame;
}

function parseFrameOrUndefined(frame: Buffer): ReturnType<typeof parseFrame> | undefined {
  try {
    return parseFrame(frame);
  } catch {
    return undefined;
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('protocol fuzz: random and mutated frames', () => {
  it(`≥ 100,000 frames into parseFrame and ReliableChannel.receive give only typed errors (seed ${SEED})`, async () => {
    const f = new Fuzzer(SEED);
    const templates = templateFrames(f);
    let failure: string | undefined;
    const fail = (where: string, index: number, frame: Buffer, error: unknown): void => {
      failure ??=
        `seed ${SEED} (replay with PROTOCOL_FUZZ_SEED=${SEED}), frame #${index} in ${where}: ` +
        `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}; ` +
        `frame (${frame.length} bytes) = ${frame.subarray(0, 200).toString('hex')}`;
    };

    const seenCodes = new Set<string>();
    let clock = 0;
    let delivered = 0;
    let currentIndex = 0;
    let currentFrame: Buffer = Buffer.alloc(0);
    let ownFramesWritten = 0;
    let stalled = false;
    const newChannel = (encrypted: boolean): ReliableChannel => {
      const channel = new ReliableChannel({
        // Everything the channel writes must itself be a valid frame; a few writes fail like a dead socket.
        write: (frame) => {
          ownFramesWritten++;
          try {
            parseFrame(frame);
          } catch (error) {
            fail('a frame the channel wrote', currentIndex, frame, error);
          }
          return f.random() > 0.05;
        },
        now: () => clock,
        deliver: (): DeliveryResult => {
          delivered++;
          const roll = f.random();
          if (roll < 0.05) return 'not-ready';
          if (roll < 0.07) return Promise.resolve();
          if (roll < 0.08) return Promise.reject(new Error('consumer refused'));
          return 'delivered';
        },
        onInvalidFrame: (error) => {
          if (!isKnownProtocolError(error)) fail('onInvalidFrame', currentIndex, currentFrame, error);
          else seenCodes.add(error.code);
        },
        onDeliveryError: (error) => {
          stalled = true;
          if (error.message === 'consumer refused') return;
          if (!isKnownProtocolError(error)) fail('onDeliveryError', currentIndex, currentFrame, error);
          else seenCodes.add(error.code);
        },
        outgoingCapacity: 64,
        incomingCapacity: 256,
        resendTimeoutMs: 5_000,
      });
      if (encrypted) channel.enableEncryption(KEYS);
      return channel;
    };

    let channel = newChannel(false);
    const total = RANDOM_FRAMES + MUTATED_FRAMES;
    let fed = 0;
    for (let index = 0; index < total && failure === undefined; index++) {
      let frame: Buffer;
      if (index < RANDOM_FRAMES) {
        frame = f.bytes(f.int(401));
      } else {
        frame = mutate(f, f.pick(templates));
        if (f.random() < 0.3) frame = mutate(f, frame); // stacked mutations
        if (f.random() < 0.25 && frame.length >= 120) {
          // Steer the sequence number to just at or after the expected one, so mutated frames also
          // reach in-order delivery, buffering and decryption rather than only the duplicate path.
          frame.writeBigInt64BE(BigInt(channel.expectedSequenceNumber + f.int(3)), 48);
        }
      }
      currentIndex = index;
      currentFrame = frame;

      try {
        parseFrame(frame);
      } catch (error) {
        if (!isKnownProtocolError(error)) fail('parseFrame', index, frame, error);
        else seenCodes.add(error.code);
      }
      try {
        channel.receive(frame);
      } catch (error) {
        fail('ReliableChannel.receive (must never throw)', index, frame, error);
      }
      fed++;

      // Keep the channel busy in both directions so acks can match and resends and timeouts run.
      if (f.random() < 0.05)
        channel.sendStream(f.pick([PayloadType.Output, PayloadType.Size]), f.bytes(f.int(16)));
      clock += f.int(60);
      if (index % 7 === 0) channel.tick();
      if (index % 97 === 0) channel.resumeDelivery();
      if (index % 499 === 0) channel.resendAll();
      if (index % 1_000 === 999) {
        await settle(); // lets async deliveries settle and continue
        stalled = true;
      }
      if (stalled) {
        // A failed delivery stops a channel for good (as in Go); start over with a fresh one.
        stalled = false;
        channel = newChannel(f.random() < 0.5);
      }
    }

    expect(failure, failure).toBeUndefined();
    expect(fed).toBeGreaterThanOrEqual(100_000);
    // The corpus must reach past the header checks, or the test proves little.
    expect(delivered).toBeGreaterThan(1_000);
    expect(ownFramesWritten).toBeGreaterThan(1_000);
    for (const code of [
      'frame-too-short',
      'header-length-out-of-range',
      'sequence-number-out-of-range',
      'header-length-zero',
      'message-type-missing',
      'created-date-missing',
      'payload-digest-mismatch',
      'invalid-payload',
      'decrypt-failed',
    ]) {
      expect(seenCodes.has(code), `seed ${SEED}: no frame produced ${code}`).toBe(true);
    }
  }, 180_000);
});
