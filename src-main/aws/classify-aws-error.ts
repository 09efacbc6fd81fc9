import { AwsError, type AwsErrorCode } from './aws-error.js';

/**
 * Service exception names (the SDK's `name`, the query protocols' `Code`) by what they mean to a
 * user. SSM, EC2, KMS, STS and RDS spell the same idea differently; the code is what callers switch on.
 */
const BY_NAME: Readonly<Record<string, AwsErrorCode>> = {
  AccessDeniedException: 'access-denied',
  AccessDenied: 'access-denied',
  UnauthorizedOperation: 'access-denied',
  UnauthorizedAccess: 'access-denied',
  UnrecognizedClientException: 'credentials-invalid',
  InvalidClientTokenId: 'credentials-invalid',
  InvalidSignatureException: 'credentials-invalid',
  SignatureDoesNotMatch: 'credentials-invalid',
  AuthFailure: 'credentials-invalid',
  IncompleteSignature: 'credentials-invalid',
  MissingAuthenticationToken: 'credentials-invalid',
  InvalidAccessKeyId: 'credentials-invalid',
  ExpiredToken: 'credentials-expired',
  ExpiredTokenException: 'credentials-expired',
  TargetNotConnected: 'target-not-connected',
  InvalidDocument: 'invalid-document',
  NotFoundException: 'kms-key-unusable',
  DisabledException: 'kms-key-unusable',
  KMSInvalidStateException: 'kms-key-unusable',
  KeyUnavailableException: 'kms-key-unusable',
  InvalidKeyUsageException: 'kms-key-unusable',
  ValidationException: 'validation',
  ValidationError: 'validation',
  InvalidParameterValue: 'validation',
  InvalidParameterCombination: 'validation',
  InvalidParameter: 'validation',
  MissingParameter: 'validation',
  InvalidFilterKey: 'validation',
  InvalidFilterValue: 'validation',
  InvalidFilter: 'validation',
  InvalidInstanceInformationFilterValue: 'validation',
  InvalidNextToken: 'validation',
  'InvalidInstanceID.Malformed': 'validation',
  'InvalidInstanceID.NotFound': 'validation',
  // RDS (Query protocol: `Code` is the wire name, which for these is not the SDK's exception name)
  DBInstanceNotFound: 'resource-not-found',
  DBInstanceNotFoundFault: 'resource-not-found',
  DBClusterNotFoundFault: 'resource-not-found',
  OptInRequired: 'access-denied',
  InvalidParameterValueException: 'validation',
  ThrottlingException: 'throttled',
  Throttling: 'throttled',
  RequestLimitExceeded: 'throttled',
  TooManyRequestsException: 'throttled',
  RequestThrottled: 'throttled',
  RequestThrottledException: 'throttled',
  InternalServerError: 'service-unavailable',
  InternalFailure: 'service-unavailable',
  InternalError: 'service-unavailable',
  ServiceUnavailable: 'service-unavailable',
  ServiceUnavailableException: 'service-unavailable',
  Unavailable: 'service-unavailable',
};

/** Operations for which the service's DoesNotExistException means "no such session". */
const SESSION_OPERATIONS = new Set(['ResumeSession', 'TerminateSession']);

/** Node and TLS error codes that mean the endpoint could not be reached. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EPIPE',
  'EPROTO',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface SdkShaped {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  Code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** The first line of a message, for one-line errors. */
export function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text;
}

/** The service's exception name for an SDK error, or undefined when it is not a service answer. */
export function serviceExceptionName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const shaped = error as SdkShaped;
  if (shaped.$fault !== 'client' && shaped.$fault !== 'server') return undefined;
  if (typeof shaped.Code === 'string' && shaped.Code !== '') return shaped.Code;
  return typeof shaped.name === 'string' ? shaped.name : undefined;
}

/**
 * Classifies anything an SDK call can throw, once, by its structured fields: the exception name (or
 * `Code`), the HTTP status and `$fault`, Node's error `code` for network failures, `AbortError` for
 * a cancelled request. An AwsError passes through. `operation` narrows names that mean different
 * things per operation (DoesNotExistException on ResumeSession is a session the service forgot).
 */
export function classifyAwsError(error: unknown, operation?: string): AwsError {
  if (error instanceof AwsError) return error;
  const shaped = (typeof error === 'object' && error !== null ? error : {}) as SdkShaped;
  const message =
    typeof shaped.message === 'string' && shaped.message.trim() !== ''
      ? firstLine(shaped.message)
      : String(shaped.name ?? error);
  const options = { cause: error };
  if (shaped.name === 'AbortError') return new AwsError('aborted', 'the request was cancelled', options);
  const nodeCode = typeof shaped.code === 'string' ? shaped.code : undefined;
  if ((nodeCode && NETWORK_CODES.has(nodeCode)) || shaped.name === 'TimeoutError') {
    return new AwsError('network', message, options);
  }
  const name = serviceExceptionName(error);
  if (name !== undefined) {
    if (name === 'DoesNotExistException' && operation && SESSION_OPERATIONS.has(operation)) {
      return new AwsError('session-not-found', message, options);
    }
    const byName = BY_NAME[name];
    if (byName) return new AwsError(byName, message, options);
    const status = shaped.$metadata?.httpStatusCode;
    if (status === 429) return new AwsError('throttled', message, options);
    if (status === 403) return new AwsError('access-denied', message, options);
    if (shaped.$fault === 'server' || (typeof status === 'number' && status >= 500)) {
      return new AwsError('service-unavailable', message, options);
    }
    return new AwsError('unknown', `${name}: ${message}`, options);
  }
  if (shaped.name === 'CredentialsProviderError' || shaped.name === 'TokenProviderError') {
    return new AwsError('credentials-missing', message, options);
  }
  return new AwsError('unknown', message, options);
}
