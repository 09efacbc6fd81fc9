import { EmulatedKms, KmsError, MAX_DATA_KEY_BYTES } from '../kms/emulated-kms.js';
import type { KmsBackend } from '../model.js';
import { ApiError, validationError } from './aws-errors.js';
import { optionalInteger, optionalString, requiredString, stringMap } from './json-input.js';

type Json = Record<string, unknown>;

const KEY_SPEC_BYTES: Record<string, number> = { AES_256: 32, AES_128: 16 };

/** TrentService (KMS) over JSON 1.1: the two calls Session Manager encryption needs. */
export function kmsOperation(kms: KmsBackend, operation: string, input: Json, region: string): unknown {
  try {
    switch (operation) {
      case 'GenerateDataKey':
        return generateDataKey(kms, input, region);
      case 'Decrypt':
        return decrypt(kms, input);
      default:
        throw new ApiError(
          'UnknownOperationException',
          `Operation ${operation} is not supported by this emulator.`,
        );
    }
  } catch (error) {
    if (error instanceof KmsError) throw new ApiError(error.code, error.message);
    throw error;
  }
}

/**
 * What every emulated key has in common with a real symmetric key, checked after the model's own
 * validation: no grant exists here, so any grant token is one KMS does not know; asymmetric
 * algorithms do not fit a symmetric key; DryRun succeeds by failing, as KMS answers it.
 */
function checkCommon(input: Json, operation: string): void {
  const grantTokens = input.GrantTokens;
  if (Array.isArray(grantTokens) && grantTokens.length > 0) {
    throw new ApiError('InvalidGrantTokenException', 'The specified grant token is not valid.');
  }
  const algorithm = input.EncryptionAlgorithm;
  if (typeof algorithm === 'string' && algorithm !== 'SYMMETRIC_DEFAULT') {
    throw new ApiError(
      'InvalidKeyUsageException',
      `The encryption algorithm ${algorithm} is not compatible with the key spec SYMMETRIC_DEFAULT of the KMS key.`,
    );
  }
  if (input.DryRun === true) {
    throw new ApiError(
      'DryRunOperationException',
      `The ${operation} request would have succeeded, but the DryRun option is set.`,
    );
  }
}

function generateDataKey(kms: KmsBackend, input: Json, region: string): unknown {
  const keyId = requiredString(input, 'KeyId', 2048);
  checkCommon(input, 'GenerateDataKey');
  const numberOfBytes = optionalInteger(input, 'NumberOfBytes', 1, MAX_DATA_KEY_BYTES);
  const keySpec = optionalString(input, 'KeySpec');
  if ((numberOfBytes === undefined) === (keySpec === undefined)) {
    throw validationError('Please specify either number of bytes or key spec.');
  }
  let bytes = numberOfBytes;
  if (keySpec !== undefined) {
    bytes = KEY_SPEC_BYTES[keySpec];
    if (bytes === undefined) {
      throw validationError(
        `1 validation error detected: Value '${keySpec}' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]`,
      );
    }
  }
  const request = {
    keyId,
    numberOfBytes: bytes as number,
    encryptionContext: stringMap(input, 'EncryptionContext'),
  };
  // The emulated KMS can name keys in the caller's region; another backend gets the plain request.
  const key =
    kms instanceof EmulatedKms ? kms.generateDataKey({ ...request, region }) : kms.generateDataKey(request);
  return {
    KeyId: key.keyId,
    CiphertextBlob: key.ciphertextBlob.toString('base64'),
    Plaintext: key.plaintext.toString('base64'),
  };
}

function decrypt(kms: KmsBackend, input: Json): unknown {
  const blobText = requiredString(input, 'CiphertextBlob', 8192);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(blobText)) {
    throw new ApiError(
      'SerializationException',
      'Unexpected value type for CiphertextBlob: expected base64 blob',
    );
  }
  const keyId = optionalString(input, 'KeyId', 2048);
  checkCommon(input, 'Decrypt');
  const request = {
    ciphertextBlob: Buffer.from(blobText, 'base64'),
    encryptionContext: stringMap(input, 'EncryptionContext'),
  };
  const result =
    kms instanceof EmulatedKms && keyId !== undefined
      ? kms.decrypt({ ...request, keyId })
      : kms.decrypt(request);
  return {
    KeyId: result.keyId,
    Plaintext: result.plaintext.toString('base64'),
    EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
  };
}
