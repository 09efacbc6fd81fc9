import type { DataKey, DataKeyRequest } from '../sessions/handshake-client.js';
import type { SessionStart } from '../sessions/session.js';
import type { AwsContext } from './aws-context.js';
import { AwsError } from './aws-error.js';
import { validateStartSession, type StartSessionRequest } from './session-request.js';

/** Bytes asked of KMS: two AES-256 keys (spec §6). */
const DATA_KEY_BYTES = 64;

/**
 * The AWS calls of a session's life, one adapter for the drop-in plugin and the library alike:
 * StartSession, ResumeSession, TerminateSession and KMS GenerateDataKey, through an AwsContext (its
 * credentials, endpoints, proxy and CA bundle). Every failure is an AwsError. The SDK modules are
 * imported on first use: `session-manager-plugin --version` must not pay for them.
 */

/** SSM StartSession, after checking the request against the service model. */
export async function startSession(
  context: AwsContext,
  request: StartSessionRequest,
  signal?: AbortSignal,
): Promise<SessionStart> {
  validateStartSession(request);
  const { StartSessionCommand } = await import('@aws-sdk/client-ssm');
  const ssm = await context.ssm();
  const parameters = request.parameters
    ? Object.fromEntries(
        Object.entries(request.parameters).map(([key, value]) => [
          key,
          Array.isArray(value) ? value : [value],
        ]),
      )
    : undefined;
  const output = await context.call(
    (send) =>
      ssm.send(
        new StartSessionCommand({
          Target: request.target,
          ...(request.documentName ? { DocumentName: request.documentName } : {}),
          ...(parameters ? { Parameters: parameters } : {}),
          ...(request.reason ? { Reason: request.reason } : {}),
        }),
        send,
      ),
    { signal, operation: 'StartSession' },
  );
  if (!output.SessionId || !output.TokenValue || !output.StreamUrl) {
    throw new AwsError('bad-response', 'StartSession returned no SessionId, TokenValue or StreamUrl');
  }
  return { sessionId: output.SessionId, tokenValue: output.TokenValue, streamUrl: output.StreamUrl };
}

/**
 * SSM ResumeSession: the new token, or undefined when the session cannot be resumed: the service
 * answered without a token (spec §8: timed out), or no longer knows the session (`session-not-found`,
 * as final as an empty token, so it is not retried). Other failures are thrown for the data channel
 * to retry.
 */
export async function resumeSession(
  context: AwsContext,
  sessionId: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const { ResumeSessionCommand } = await import('@aws-sdk/client-ssm');
  const ssm = await context.ssm();
  try {
    const output = await context.call(
      (send) => ssm.send(new ResumeSessionCommand({ SessionId: sessionId }), send),
      { signal, operation: 'ResumeSession' },
    );
    return output.TokenValue || undefined;
  } catch (error) {
    if (error instanceof AwsError && error.code === 'session-not-found') return undefined;
    throw error;
  }
}

export async function terminateSession(
  context: AwsContext,
  sessionId: string,
  signal?: AbortSignal,
): Promise<void> {
  const { TerminateSessionCommand } = await import('@aws-sdk/client-ssm');
  const ssm = await context.ssm();
  await context.call((send) => ssm.send(new TerminateSessionCommand({ SessionId: sessionId }), send), {
    signal,
    operation: 'TerminateSession',
  });
}

/** KMS GenerateDataKey for the KMSEncryption handshake action (spec §6). */
export async function generateDataKey(context: AwsContext, request: DataKeyRequest): Promise<DataKey> {
  const { GenerateDataKeyCommand } = await import('@aws-sdk/client-kms');
  const kms = await context.kms();
  const output = await context.call(
    (send) =>
      kms.send(
        new GenerateDataKeyCommand({
          KeyId: request.keyId,
          NumberOfBytes: DATA_KEY_BYTES,
          EncryptionContext: request.encryptionContext,
        }),
        send,
      ),
    { operation: 'GenerateDataKey' },
  );
  if (!output.CiphertextBlob || !output.Plaintext) {
    throw new AwsError('bad-response', 'KMS GenerateDataKey returned no data key');
  }
  return { ciphertextBlob: output.CiphertextBlob, plaintext: output.Plaintext };
}
