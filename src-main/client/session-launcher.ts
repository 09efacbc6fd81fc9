import { PLUGIN_VERSION } from '../../src-shared/version.js';
import type { AwsContext } from '../aws/aws-context.js';
import { generateDataKey, resumeSession, startSession, terminateSession } from '../aws/session-api.js';
import type { StartSessionRequest } from '../aws/session-request.js';
import { newUuid } from '../protocol/codec/wire-uuid.js';
import {
  Session,
  type SessionListener,
  type SessionOptions,
  type SessionStart,
} from '../sessions/session.js';
import type { SessionTypeRegistry } from '../sessions/session-type.js';

/** One ClientId per process, as the Go plugin makes one per run (spec §3). */
const CLIENT_ID = newUuid();

export type StartRequest = StartSessionRequest;

/** SSM StartSession (the request checked against the service model first). */
export function startSsmSession(
  context: AwsContext,
  request: StartRequest,
  signal?: AbortSignal,
): Promise<SessionStart> {
  return startSession(context, request, signal);
}

/**
 * Ends one session at the service (SSM TerminateSession), as `aws ssm terminate-session` does; a failure
 * is an AwsError (`session-not-found`, `aborted` when `signal` fires …). For several sessions with a
 * result for each, use terminateSessions().
 */
export function terminateSsmSession(
  context: AwsContext,
  sessionId: string,
  signal?: AbortSignal,
): Promise<void> {
  return terminateSession(context, sessionId, signal);
}

export interface SessionWiring extends Pick<SessionOptions, 'reconnectBudgetMs' | 'receivePauseBytes'> {
  /** Offer KMS encryption in the handshake (default true; off for the plugin's legacy argv form). */
  encryption?: boolean;
}

/**
 * A Session wired to AWS through an AwsContext, for every face: resume and terminate through SSM, KMS
 * data keys, and the context's proxy and CA bundle for the websocket (aws/session-api.ts).
 */
export function createSession(
  context: AwsContext,
  start: SessionStart,
  target: string,
  sessionTypes: SessionTypeRegistry,
  listener: SessionListener = {},
  wiring: SessionWiring = {},
): Session {
  const { encryption = true, ...tuning } = wiring;
  return new Session(
    {
      start,
      targetId: target,
      clientVersion: PLUGIN_VERSION,
      clientId: CLIENT_ID,
      sessionTypes,
      generateDataKey: encryption ? (request) => generateDataKey(context, request) : undefined,
      resumeSession: (signal) => resumeSession(context, start.sessionId, signal),
      terminateSession: () => terminateSession(context, start.sessionId),
      agent: context.network.agentFor(start.streamUrl),
      ca: context.network.ca,
      ...tuning,
    },
    listener,
  );
}
