/**
 * The emulator's shared vocabulary: what its inventory, API services, data-channel relay and simulated
 * agent exchange. Everything here is emulator-internal; the client never imports it.
 */

export type PlatformType = 'Linux' | 'Windows' | 'MacOS';
export type InstanceState = 'pending' | 'running' | 'stopping' | 'stopped' | 'terminated';

/** One simulated managed instance, as the config file describes it (docs/emulator.md). */
export interface EmulatedInstance {
  instanceId: string;
  region: string;
  /** Shown as the Name tag; also present in `tags`. */
  name?: string;
  tags: Record<string, string>;
  platformType: PlatformType;
  platformName: string;
  platformVersion: string;
  agentVersion: string;
  /** SSM PingStatus: an offline instance answers StartSession with TargetNotConnected. */
  online: boolean;
  state: InstanceState;
  instanceType: string;
  privateIpAddress: string;
  privateDnsName: string;
  /** Faults applied to every session on this instance (in addition to global ones). */
  faults?: FaultSettings;
}

/**
 * Fault injection on the client <-> relay link, per session or global. Percentages are 0..100 and
 * apply to binary frames in both directions; `killEverySeconds` closes the client's websocket
 * (without a close frame, as a network drop would) every N seconds.
 */
export interface FaultSettings {
  dropPercent?: number;
  duplicatePercent?: number;
  reorderPercent?: number;
  delayPercent?: number;
  delayMs?: number;
  killEverySeconds?: number;
}

/** Session Manager preferences (the SSM-SessionManagerRunShell document's inputs). */
export interface SessionPreferences {
  /** When set, Standard_Stream / InteractiveCommands / NonInteractiveCommands sessions are KMS-encrypted. */
  kmsKeyId?: string;
  /** The agent's Kms.RequireKMSChallengeResponse: reject clients that skip the random challenge. */
  requireKmsChallengeResponse?: boolean;
  /** Shell profile commands written to the pty at start (linux). */
  shellProfile?: string;
  /** idleSessionTimeout of the preferences document: 1..60 minutes; the service's default is 20. */
  idleSessionTimeoutMinutes?: number;
  /**
   * Test-only (no AWS equivalent): the idle timeout in seconds, overriding the minutes, so tests can
   * watch the service end an idle session without waiting a minute.
   */
  idleSessionTimeoutSeconds?: number;
}

/**
 * Everything an emulator serves and how it misbehaves: instances, RDS databases, session preferences,
 * faults, failing regions, throttling, the caller and IAM Identity Center accounts. For Emulator.start();
 * loadEmulatorConfig() reads one from a file, defaultEmulatorConfig() is the demo inventory.
 */
export interface EmulatorConfig {
  instances: EmulatedInstance[];
  preferences: SessionPreferences;
  /** Global faults, applied to every session. */
  faults?: FaultSettings;
  /** Tokens (from StartSession / ResumeSession) stop being accepted this long after issue; 0 = never. */
  tokenLifetimeSeconds?: number;
  /** The simulated agent's read pace for port sessions: the real agent sleeps 1 ms between reads. */
  agentPace?: 'real' | 'fast';
  /**
   * The simulated agent's resend loop. `real` (the default) resends only the oldest unacknowledged
   * message, at most once per RTO (spec §4.2). `every-expired` resends every message whose RTO has
   * passed: not what any agent does, it exists so tests can inject random frame loss at rates the real
   * service never shows on a live websocket without waiting an hour for the front-only loop.
   */
  agentResend?: 'real' | 'every-expired';
  /** Answer this fraction (0..1) of API calls with ThrottlingException. */
  throttleRate?: number;
  /** Principal ARN reported as the session owner; SessionIds start with its last path element. */
  callerArn?: string;
  /** RDS DB instances and Aurora clusters (with their member instances) that RDS describes. */
  databases?: EmulatedDatabase[];
  /**
   * Where the simulated agent really connects when a port session names a remote host: `host` or
   * `host:port` -> a loopback `address:port` (docs/emulator.md, "Host map"). Database endpoints are
   * added to it automatically.
   */
  hostMap?: Record<string, string>;
  /** IAM Identity Center: the accounts and roles the portal lists, and the OIDC timings. */
  sso?: SsoSettings;
  /** Regions whose every SSM, EC2 and RDS call fails, and how (docs/emulator.md, "Failing regions"). */
  failRegions?: Record<string, RegionFailure>;
}

/**
 * How a region fails: denied by policy, not enabled (an opt-in region AWS does not know the key in),
 * throttled, or unavailable. Each service answers in its own words (api/region-failures.ts).
 */
export type RegionFailure = 'AccessDenied' | 'UnrecognizedClient' | 'Throttling' | 'Unavailable';

/** IAM Identity Center settings (docs/emulator.md, "IAM Identity Center"). */
export interface SsoSettings {
  /** What ListAccounts and ListAccountRoles show; GetRoleCredentials accepts any account and role. */
  accounts?: SsoAccount[];
  /** How long a device code waits for approval (default 600, as AWS). */
  deviceCodeLifetimeSeconds?: number;
  /** How long an access token lasts (default 28800, 8 hours). */
  accessTokenLifetimeSeconds?: number;
  /** The polling interval StartDeviceAuthorization asks for (default 1). */
  pollIntervalSeconds?: number;
}

export interface SsoAccount {
  accountId: string;
  accountName: string;
  emailAddress: string;
  roles: string[];
}

/**
 * One RDS database as DescribeDBInstances or DescribeDBClusters shows it. An Aurora engine makes a
 * cluster (kind `cluster`) plus its member instances (kind `instance` with `clusterIdentifier`).
 */
export interface EmulatedDatabase {
  kind: 'instance' | 'cluster';
  identifier: string;
  region: string;
  engine: string;
  engineVersion: string;
  /** The port clients connect to, as RDS reports it. */
  port: number;
  /** The DNS name RDS reports (Endpoint.Address, or the cluster's Endpoint). */
  endpoint: string;
  /** Clusters only: the reader endpoint. */
  readerEndpoint?: string;
  /** The loopback port a tunnel to this endpoint really reaches (the host map's target). */
  localPort: number;
  instanceClass: string;
  status: string;
  masterUsername: string;
  tags: Record<string, string>;
  /** Instances of an Aurora cluster: the cluster. */
  clusterIdentifier?: string;
  /** Clusters: their member instance identifiers, the first one the writer. */
  members?: string[];
}

export type SessionStatus =
  'Connected' | 'Connecting' | 'Disconnected' | 'Terminated' | 'Terminating' | 'Failed';

/** A session the SSM API created; the relay and the agent look it up by id. */
export interface SessionRecord {
  sessionId: string;
  target: string;
  region: string;
  documentName: string;
  /** StartSession's Parameters: each value is a list of strings, as the SSM API takes them. */
  parameters: Record<string, string[]>;
  /** Resolved by StartSession from the document, so the agent needs no document lookup. */
  sessionType: SessionDocument['sessionType'];
  /** The document's properties with the parameters substituted (spec §5 Properties, §10). */
  properties: Record<string, unknown>;
  reason?: string;
  owner: string;
  startDate: Date;
  endDate?: Date;
  status: SessionStatus;
  /** Tokens the relay accepts for this session, with their expiry (epoch ms; Infinity = never). */
  tokens: Map<string, number>;
  streamUrl: string;
}

/** Read access to sessions, used by the relay. Implemented by the API side's session store. */
export interface SessionDirectory {
  get(sessionId: string): SessionRecord | undefined;
  /** True when `token` was issued for this session (StartSession/ResumeSession) and has not expired. */
  acceptsToken(sessionId: string, token: string): boolean;
  setStatus(sessionId: string, status: SessionStatus): void;
}

/** Read access to the inventory, used by the agent (agent version, platform) and the APIs. */
export interface InstanceDirectory {
  get(instanceId: string): EmulatedInstance | undefined;
  list(): readonly EmulatedInstance[];
}

export type EncryptionContext = Record<string, string>;

/** The emulated KMS, called in-process by the simulated agent (Decrypt) and over HTTP by clients. */
export interface KmsBackend {
  generateDataKey(request: { keyId: string; numberOfBytes: number; encryptionContext: EncryptionContext }): {
    keyId: string;
    ciphertextBlob: Buffer;
    plaintext: Buffer;
  };
  /** Throws KmsError('InvalidCiphertextException') when the blob or its encryption context does not match. */
  decrypt(request: { ciphertextBlob: Buffer; encryptionContext: EncryptionContext }): {
    keyId: string;
    plaintext: Buffer;
  };
}

/** What the API side asks of the data-channel side (implemented by the relay). */
export interface DataChannelHost {
  /** TerminateSession: the agent is cancelled and the client (if connected) receives channel_closed. */
  terminate(sessionId: string): void;
  /** Faults for one session, or globally when sessionId is undefined; undefined clears them. */
  setFaults(sessionId: string | undefined, faults: FaultSettings | undefined): void;
  /** Closes client websockets (one session's, or all) without a close frame, as a network drop would. */
  dropClientSockets(sessionId?: string): number;
}

/** A Session document as the emulator knows it (the documents the agent can run). */
export interface SessionDocument {
  name: string;
  sessionType: 'Standard_Stream' | 'InteractiveCommands' | 'NonInteractiveCommands' | 'Port';
  /** Parameter name -> default value (undefined = required). */
  parameters: Record<string, { default?: string; allowedPattern?: string }>;
  /**
   * The document's `properties` with `{{ name }}` placeholders; the agent receives them with the
   * StartSession parameters substituted (for Port sessions they become the handshake Properties).
   */
  properties: Record<string, unknown>;
}
