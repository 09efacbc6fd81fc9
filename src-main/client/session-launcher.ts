import { PLUGIN_VERSION } from '../../src-shared/version.js';
import type { AwsContext } from '../aws/aws-context.js';
import { newUuid } from '../protocol/codec/wire-uuid.js';
import type { GenerateDataKey } from '../sessions/handshake-client.js';
import {
  Session,
  type SessionListener,
  type SessionOptions,
  type SessionStart,
} from '../sessions/session.js';
import type { SessionTypeRegistry } from '../sessions/session-type.js';

/** One ClientId per process, as the Go plugin makes one per run (spec §3). */
const CLIENT_ID = newUuid();

export interface StartRequest {
  target: string;
  documentName?: string;
  /** Document parameters; each value may be a string or a list, as the SSM API takes lists. */
  parameters?: Record<string, string | string[]>;
  reason?: string;
}

/** SSM StartSession. */
export async function startSsmSession(context: AwsContext, request: StartRequest): Promise<SessionStart> {
  const { StartSessionCommand } = await import('@aws-sdk/client-ssm');
  const ssm = await context.ssm();
  const parameters = request.parameters
    ? Object.fromEntries(Object.entries(request.parameters).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]))
    : undefined;
  const output = await context.call(() =>
    ssm.send(
      new StartSessionCommand({
        Target: request.target,
        ...(request.documentName ? { DocumentName: request.documentName } : {}),
        ...(parameters ? { Parameters: parameters } : {}),
        ...(request.reason ? { Reason: request.reason } : {}),
      }),
    ),
  );
  if (!output.SessionId || !output.TokenValue || !output.StreamUrl) {
    throw new Error('StartSession returned no SessionId, TokenValue or StreamUrl');
  }
  return { sessionId: output.SessionId, tokenValue: output.TokenValue, streamUrl: output.StreamUrl };
}

export async function terminateSsmSession(context: AwsContext, sessionId: string): Promise<void> {
  const { TerminateSessionCommand } = await import('@aws-sdk/client-ssm');
  const ssm = await context.ssm();
  await context.call(() => ssm.send(new TerminateSessionCommand({ SessionId: sessionId })));
}

async function resumeSsmSession(context: AwsContext, sessionId: string): Promise<string | undefined> {
  const { ResumeSessionCommand } = await import('@aws-sdk/client-ssm');
  const ssm = await context.ssm();
  try {
    const output = await context.call(() => ssm.send(new ResumeSessionCommand({ SessionId: sessionId })));
    return output.TokenValue || undefined;
  } catch (error) {
    // The service forgot the session: as final as an empty token, so say "timed out" without retrying.
    if ((error as Error).name === 'DoesNotExistException') return undefined;
    throw error;
  }
}

function kmsGenerator(context: AwsContext): GenerateDataKey {
  return async (request) => {
    const { GenerateDataKeyCommand } = await import('@aws-sdk/client-kms');
    const kms = await context.kms();
    const output = await context.call(() =>
      kms.send(
        new GenerateDataKeyCommand({
          KeyId: request.keyId,
          NumberOfBytes: 64,
          EncryptionContext: request.encryptionContext,
        }),
      ),
    );
    if (!output.CiphertextBlob || !output.Plaintext) throw new Error('KMS returned no data key');
    return { ciphertextBlob: output.CiphertextBlob, plaintext: output.Plaintext };
  };
}

/**
 * A Session wired to AWS through an AwsContext: resume and terminate through SSM, KMS data keys, and
 * the context's proxy and CA bundle for the websocket.
 */
export function createSession(
  context: AwsContext,
  start: SessionStart,
  target: string,
  sessionTypes: SessionTypeRegistry,
  listener: SessionListener = {},
  tuning: Pick<SessionOptions, 'reconnectBudgetMs'> = {},
): Session {
  return new Session(
    {
      start,
      targetId: target,
      clientVersion: PLUGIN_VERSION,
      clientId: CLIENT_ID,
      sessionTypes,
      generateDataKey: kmsGenerator(context),
      resumeSession: () => resumeSsmSession(context, start.sessionId),
      terminateSession: () => terminateSsmSession(context, start.sessionId),
      agent: context.network.agentFor(start.streamUrl),
      ca: context.network.ca,
      ...tuning,
    },
    listener,
  );
}
