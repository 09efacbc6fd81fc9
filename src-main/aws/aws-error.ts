/**
 * The one error type of the AWS layer. SDK exceptions are classified once, here in aws/, by their
 * structured fields; everything above switches on `code` and maps it to its own words (the CLI adds
 * "run aws sso login", the desktop app shows a sign-in button). Messages are one neutral line.
 */
export type AwsErrorCode =
  // Credentials: the profile chain as the AWS CLI resolves it
  /** No credentials anywhere in the chain (no keys, no profile that gives any). */
  | 'credentials-missing'
  /** The service rejected the keys (unknown key id, bad signature). */
  | 'credentials-invalid'
  /** The credentials expired (a session token, or assumed-role credentials that need a new MFA code). */
  | 'credentials-expired'
  /** The named profile is not in the config or credentials file (or a source_profile names a missing one). */
  | 'profile-not-found'
  /** source_profile leads back to a profile already on the path (a profile may also name itself). */
  | 'profile-cycle'
  /** credential_process is missing, exited non-zero, printed no valid credentials, or did not start. */
  | 'credential-process-failed'
  /** The SSO token is missing or expired: the user must sign in again (ssm-desk login, aws sso login). */
  | 'sso-expired'
  /** IAM Identity Center sign-in: the user denied the request on the verification page. */
  | 'sso-login-denied'
  /** IAM Identity Center sign-in: the code expired before the user approved it. */
  | 'sso-login-expired'
  /** A role needs an MFA code and nothing can ask for one (no callback, no terminal). */
  | 'mfa-required'
  /** STS refused the MFA code (wrong, reused or malformed). */
  | 'mfa-rejected'
  /** STS refused to let the source identity assume the role. */
  | 'assume-role-denied'
  /** The shared config or environment is unusable (a missing [services] section, an unreadable CA bundle). */
  | 'config-invalid'
  /** No region from the caller, the environment or the profile. */
  | 'no-region'
  // Service answers
  /** Authenticated, but IAM does not allow the call. */
  | 'access-denied'
  /** StartSession: the instance is not connected to SSM (offline, unknown, or not managed). */
  | 'target-not-connected'
  /** StartSession: the session document does not exist or cannot be used for a session. */
  | 'invalid-document'
  /** ResumeSession/TerminateSession: the service does not know the session (any more). */
  | 'session-not-found'
  /** A resource named in the request does not exist (an RDS instance or cluster identifier). */
  | 'resource-not-found'
  /** KMS: the session's key does not exist, is disabled, or cannot be used now. */
  | 'kms-key-unusable'
  /** The request breaks the service's model (lengths, patterns, ranges), found here or by the service. */
  | 'validation'
  /** Too many requests; the SDK's own retries were used up. */
  | 'throttled'
  /** The service failed (5xx) after the SDK's retries. */
  | 'service-unavailable'
  /** The service answered, but without a field the client needs (SessionId, TokenValue, a data key). */
  | 'bad-response'
  // The way there
  /** No connection to the endpoint (refused, DNS, TLS, proxy, timeout). */
  | 'network'
  /** The caller's AbortSignal fired. */
  | 'aborted'
  | 'unknown';

export interface AwsErrorOptions extends ErrorOptions {
  /** The profile the failure concerns (the one in use, or the link of its chain that failed). */
  profile?: string;
}

/**
 * The error of every AWS call the library makes (credentials, config, service answers, the network):
 * switch on `code` (AwsErrorCode), not the message. `profile` names the profile concerned, and the
 * SDK's own exception, when there was one, is the `cause`.
 */
export class AwsError extends Error {
  override readonly name = 'AwsError';
  /** The profile concerned, when the failure is about one (credentials, config). */
  readonly profile: string | undefined;

  constructor(
    readonly code: AwsErrorCode,
    message: string,
    options?: AwsErrorOptions,
  ) {
    super(message, options);
    this.profile = options?.profile;
  }
}
