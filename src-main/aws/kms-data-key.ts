import type { DataKeyRequest, DataKey, GenerateDataKey } from '../sessions/handshake-client.js';
import { sdkClientConfig, type AwsTarget } from './aws-target.js';

/** Number of bytes the client asks KMS for: two AES-256 keys (spec §6). */
const DATA_KEY_BYTES = 64;

/**
 * KMS GenerateDataKey for the KMSEncryption handshake action. The KMS client uses the region and
 * profile of the session but not the SSM endpoint (spec §6); the SDK's own endpoint resolution still
 * honours AWS_ENDPOINT_URL_KMS / AWS_ENDPOINT_URL and per-profile endpoint settings.
 */
export function kmsDataKeyGenerator(target: AwsTarget): GenerateDataKey {
  return async (request: DataKeyRequest): Promise<DataKey> => {
    const { KMSClient, GenerateDataKeyCommand } = await import('@aws-sdk/client-kms');
    const client = new KMSClient(await sdkClientConfig({ ...target, endpoint: undefined }, 'kms'));
    try {
      const output = await client.send(
        new GenerateDataKeyCommand({
          KeyId: request.keyId,
          NumberOfBytes: DATA_KEY_BYTES,
          EncryptionContext: request.encryptionContext,
        }),
      );
      if (!output.CiphertextBlob || !output.Plaintext) throw new Error('KMS returned no data key');
      return { ciphertextBlob: output.CiphertextBlob, plaintext: output.Plaintext };
    } finally {
      client.destroy();
    }
  };
}
