import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { EncryptionContext, KmsBackend } from '../model.js';

/** A KMS error with the service's error code (`__type`), e.g. NotFoundException. */
export class KmsError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

const ACCOUNT_ID = '123456789012';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/;
const ALIAS_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(alias\/.+)$/;
/** Identifies our blobs, so garbage fails fast with the right error rather than a crypto exception. */
const MAGIC = Buffer.from('ESK1');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const MAX_DATA_KEY_BYTES = 1024;

/**
 * KMS without keys: every well-formed key id exists (unless it contains "missing", so tests can provoke
 * NotFoundException). Ciphertext blobs are self-contained AES-256-GCM envelopes under a per-process
 * master key; the key ARN and a hash of the encryption context are authenticated as AAD, so Decrypt
 * with another context fails exactly as real KMS does.
 */
export class EmulatedKms implements KmsBackend {
  readonly #masterKey: Buffer;
  readonly #region: string;

  constructor(options: { region?: string; masterKey?: Buffer } = {}) {
    this.#region = options.region ?? 'us-east-1';
    this.#masterKey = options.masterKey ?? randomBytes(32);
    if (this.#masterKey.length !== 32) throw new Error('the KMS master key must be 32 bytes');
  }

  /** The key ARN that `keyId` (UUID, alias name, key or alias ARN) names; throws KmsError when it is absent. */
  resolveKeyArn(keyId: string, region = this.#region): string {
    if (keyId === '') throw new KmsError('ValidationException', 'KeyId is an empty string');
    const keyArn = KEY_ARN.exec(keyId);
    const aliasArn = ALIAS_ARN.exec(keyId);
    let arn: string;
    if (keyArn) {
      arn = keyId;
    } else if (aliasArn) {
      this.#assertPresent(keyId, `Alias ${keyId} is not found.`);
      arn = keyArnFor(aliasArn[1] as string, aliasUuid(aliasArn[3] as string));
    } else if (keyId.startsWith('alias/')) {
      const aliasArnText = `arn:aws:kms:${region}:${ACCOUNT_ID}:${keyId}`;
      this.#assertPresent(keyId, `Alias ${aliasArnText} is not found.`);
      arn = keyArnFor(region, aliasUuid(keyId));
    } else if (UUID.test(keyId)) {
      arn = keyArnFor(region, keyId.toLowerCase());
    } else {
      throw new KmsError('NotFoundException', `Invalid keyId '${keyId}'`);
    }
    this.#assertPresent(arn, `Key '${arn}' does not exist`);
    return arn;
  }

  generateDataKey(request: {
    keyId: string;
    numberOfBytes: number;
    encryptionContext: EncryptionContext;
    region?: string;
  }): { keyId: string; ciphertextBlob: Buffer; plaintext: Buffer } {
    const { numberOfBytes } = request;
    if (!Number.isInteger(numberOfBytes) || numberOfBytes < 1 || numberOfBytes > MAX_DATA_KEY_BYTES) {
      throw new KmsError(
        'ValidationException',
        `1 validation error detected: Value '${numberOfBytes}' at 'numberOfBytes' failed to satisfy constraint: ` +
          `Member must have value ${numberOfBytes < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_DATA_KEY_BYTES}`}`,
      );
    }
    const keyArn = this.resolveKeyArn(request.keyId, request.region);
    const plaintext = randomBytes(numberOfBytes);
    return {
      keyId: keyArn,
      plaintext,
      ciphertextBlob: this.#seal(keyArn, plaintext, request.encryptionContext),
    };
  }

  decrypt(request: { ciphertextBlob: Buffer; encryptionContext: EncryptionContext; keyId?: string }): {
    keyId: string;
    plaintext: Buffer;
  } {
    const opened = this.#open(request.ciphertextBlob, request.encryptionContext);
    if (request.keyId !== undefined && request.keyId !== '') {
      const wanted = this.resolveKeyArn(request.keyId, KEY_ARN.exec(opened.keyArn)?.[1]);
      if (wanted !== opened.keyArn) {
        throw new KmsError(
          'IncorrectKeyException',
          'The key ID in the request does not identify a CMK that can perform this operation.',
        );
      }
    }
    return { keyId: opened.keyArn, plaintext: opened.plaintext };
  }

  #assertPresent(id: string, message: string): void {
    if (id.toLowerCase().includes('missing')) throw new KmsError('NotFoundException', message);
  }

  #seal(keyArn: string, plaintext: Buffer, context: EncryptionContext): Buffer {
    const arn = Buffer.from(keyArn, 'utf8');
    const header = Buffer.alloc(MAGIC.length + 2);
    MAGIC.copy(header);
    header.writeUInt16BE(arn.length, MAGIC.length);
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#masterKey, nonce);
    cipher.setAAD(Buffer.concat([header, arn, contextDigest(context)]));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([header, arn, nonce, body, cipher.getAuthTag()]);
  }

  #open(blob: Buffer, context: EncryptionContext): { keyArn: string; plaintext: Buffer } {
    const invalid = (): KmsError => new KmsError('InvalidCiphertextException', '');
    const headerLength = MAGIC.length + 2;
    if (
      blob.length < headerLength + NONCE_BYTES + TAG_BYTES ||
      !blob.subarray(0, MAGIC.length).equals(MAGIC)
    ) {
      throw invalid();
    }
    const arnLength = blob.readUInt16BE(MAGIC.length);
    const arnEnd = headerLength + arnLength;
    if (blob.length < arnEnd + NONCE_BYTES + TAG_BYTES) throw invalid();
    const keyArn = blob.subarray(headerLength, arnEnd).toString('utf8');
    const nonce = blob.subarray(arnEnd, arnEnd + NONCE_BYTES);
    const body = blob.subarray(arnEnd + NONCE_BYTES, blob.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.#masterKey, nonce);
    decipher.setAAD(Buffer.concat([blob.subarray(0, arnEnd), contextDigest(context)]));
    decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
    try {
      return { keyArn, plaintext: Buffer.concat([decipher.update(body), decipher.final()]) };
    } catch {
      // Real KMS gives no detail either: wrong context, wrong process and tampering look the same.
      throw invalid();
    }
  }
}

function keyArnFor(region: string, uuid: string): string {
  return `arn:aws:kms:${region}:${ACCOUNT_ID}:key/${uuid}`;
}

/** Aliases point at a stable key so the same alias always decrypts what it encrypted. */
function aliasUuid(alias: string): string {
  const hex = createHash('sha256').update(alias).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Order-independent, as KMS treats the context as a map. */
function contextDigest(context: EncryptionContext): Buffer {
  const canonical = Object.keys(context)
    .sort()
    .map((key) => [key, context[key]]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest();
}
