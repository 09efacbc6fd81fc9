import type { ErrorInfo } from '../../src-shared/model/error-info.js';
import type { SessionEndInfo } from '../../src-shared/model/session-end.js';
import { AwsError } from '../aws/aws-error.js';
import { ProtocolError } from '../protocol/codec/protocol-error.js';
import { SessionError } from '../sessions/session-error.js';
import type { SessionEnd } from '../sessions/session-type.js';
import { TransportError } from '../transport/transport-error.js';
import { ClientError } from './client-error.js';

/** ErrorInfo's message limit (src-shared/model/error-info.ts). */
const MESSAGE_MAX = 2000;

/**
 * Any error as plain data that can cross to the desktop app's renderer: the code of the layer that
 * classified it (ClientError, AwsError, SessionError, TransportError, ProtocolError), or `aborted`
 * for an AbortError, else `unknown`; the message's first line. Never the Error itself: it is not
 * serializable, and its stack and cause could carry paths or secrets.
 */
export function toErrorInfo(error: unknown): ErrorInfo {
  const message = oneLine(error);
  if (
    error instanceof ClientError ||
    error instanceof AwsError ||
    error instanceof ProtocolError ||
    error instanceof SessionError ||
    error instanceof TransportError
  ) {
    return { code: error.code, message };
  }
  if (error instanceof Error && error.name === 'AbortError') return { code: 'aborted', message };
  return { code: 'unknown', message };
}

/** How a session ended, as plain data: who ended it (`kind`), why (`code`), in the engine's words. */
export function toSessionEndInfo(end: SessionEnd): SessionEndInfo {
  switch (end.kind) {
    case 'closed':
      return {
        kind: 'closed',
        code: 'closed',
        message: end.output ? `the session was closed: ${oneLine(end.output)}` : 'the session was closed',
        output: end.output,
      };
    case 'timed-out':
      return {
        kind: 'timed-out',
        code: 'timed-out',
        message: 'the session timed out and could not be resumed',
      };
    case 'input-ended':
      return { kind: 'input-ended', code: 'input-ended', message: end.reason };
    case 'local':
      return { kind: 'local', code: 'local', message: end.reason };
    case 'failed':
      return { kind: 'failed', ...toErrorInfo(end.error) };
  }
}

function oneLine(value: unknown): string {
  const text = value instanceof Error ? value.message : typeof value === 'string' ? value : String(value);
  const line = (text.split('\n').find((part) => part.trim() !== '') ?? '').trim();
  const shown = line || (value instanceof Error ? value.name : 'unknown error');
  return shown.length > MESSAGE_MAX ? `${shown.slice(0, MESSAGE_MAX - 1)}…` : shown;
}
