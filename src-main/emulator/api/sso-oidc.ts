import { randomBytes, randomInt } from 'node:crypto';
import type { SsoSettings } from '../model.js';
import { ApiError } from './aws-errors.js';

type Json = Record<string, unknown>;

/** RFC 8628 grant type of the device authorization flow, as botocore and the SDKs send it. */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const REFRESH_TOKEN_GRANT = 'refresh_token';

/** IAM Identity Center's defaults: client registrations for 90 days, device codes for 10 minutes. */
const CLIENT_LIFETIME_SECONDS = 90 * 24 * 3600;
export const DEFAULT_DEVICE_CODE_SECONDS = 600;
export const DEFAULT_ACCESS_TOKEN_SECONDS = 8 * 3600;
export const DEFAULT_POLL_INTERVAL_SECONDS = 1;
/** Polls a client may make within one interval before it is told to slow down (see createToken). */
const POLLS_PER_INTERVAL = 2;
/** User codes use consonants only, so no word can be spelled by accident. */
const USER_CODE_LETTERS = 'BCDFGHJKLMNPQRSTVWXZ';

/**
 * An OAuth error of SSO OIDC: the HTTP status and `x-amzn-errortype` come from the exception shape,
 * the body is `{"error": "<oauth code>", "error_description": "…"}` as the OIDC service writes it.
 */
export class OidcError extends ApiError {
  constructor(
    code: string,
    readonly oauthError: string,
    description: string,
    status = 400,
  ) {
    super(code, description, status);
  }
}

interface Client {
  secret: string;
  name: string;
  scopes: string[];
  expiresAt: number;
}

interface DeviceAuthorization {
  clientId: string;
  userCode: string;
  startUrl: string;
  expiresAt: number;
  intervalMs: number;
  polls: number[];
  state: 'pending' | 'approved' | 'denied' | 'redeemed';
}

interface IssuedToken {
  clientId: string;
  startUrl: string;
  scopes: string[];
  expiresAt: number;
}

/**
 * The OIDC side of IAM Identity Center (service `sso-oidc`, REST-JSON): RegisterClient,
 * StartDeviceAuthorization and CreateToken with the device-code and refresh-token grants, and the
 * approval a user gives on the verification page. Access tokens it issues are what the SSO portal
 * (GetRoleCredentials, ListAccounts) accepts.
 */
export class SsoOidc {
  private readonly clients = new Map<string, Client>();
  private readonly devices = new Map<string, DeviceAuthorization>();
  private readonly accessTokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, IssuedToken>();

  constructor(
    private readonly settings: () => SsoSettings,
    private readonly now: () => number = Date.now,
  ) {}

  registerClient(input: Json): Json {
    const clientName = requiredText(input, 'clientName');
    const clientType = requiredText(input, 'clientType');
    if (clientType !== 'public') {
      throw new OidcError(
        'InvalidClientMetadataException',
        'invalid_client_metadata',
        `Invalid client type: ${clientType}`,
      );
    }
    const scopes = optionalTextList(input, 'scopes');
    for (const scope of scopes) {
      if (!/^[\w:.-]+$/.test(scope))
        throw new OidcError('InvalidScopeException', 'invalid_scope', `Invalid scope: ${scope}`);
    }
    const clientId = randomBytes(16).toString('base64url');
    const secret = randomBytes(48).toString('base64url');
    const issuedAt = Math.floor(this.now() / 1000);
    const expiresAt = issuedAt + CLIENT_LIFETIME_SECONDS;
    this.clients.set(clientId, { secret, name: clientName, scopes, expiresAt: expiresAt * 1000 });
    return { clientId, clientSecret: secret, clientIdIssuedAt: issuedAt, clientSecretExpiresAt: expiresAt };
  }

  startDeviceAuthorization(input: Json, verificationUri: string): Json {
    const clientId = this.authenticateClient(input);
    const startUrl = requiredText(input, 'startUrl');
    if (!/^https?:\/\/\S+$/.test(startUrl)) {
      throw new OidcError('InvalidRequestException', 'invalid_request', `Invalid start URL: ${startUrl}`);
    }
    const settings = this.settings();
    const lifetime = settings.deviceCodeLifetimeSeconds ?? DEFAULT_DEVICE_CODE_SECONDS;
    const interval = settings.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS;
    const deviceCode = randomBytes(48).toString('base64url');
    let userCode: string;
    do userCode = this.newUserCode();
    while ([...this.devices.values()].some((device) => device.userCode === userCode));
    this.devices.set(deviceCode, {
      clientId,
      userCode,
      startUrl,
      expiresAt: this.now() + lifetime * 1000,
      intervalMs: interval * 1000,
      polls: [],
      state: 'pending',
    });
    return {
      deviceCode,
      userCode,
      verificationUri,
      verificationUriComplete: `${verificationUri}?user_code=${userCode}`,
      expiresIn: lifetime,
      interval,
    };
  }

  createToken(input: Json): Json {
    const clientId = this.authenticateClient(input);
    const grantType = requiredText(input, 'grantType');
    if (grantType === DEVICE_CODE_GRANT)
      return this.redeemDeviceCode(clientId, requiredText(input, 'deviceCode'));
    if (grantType === REFRESH_TOKEN_GRANT) return this.refresh(clientId, requiredText(input, 'refreshToken'));
    throw new OidcError(
      'UnsupportedGrantTypeException',
      'unsupported_grant_type',
      `Unsupported grant type: ${grantType}`,
    );
  }

  /** The pending authorization a user code names, for the verification page; undefined when unknown or expired. */
  pending(userCode: string): { startUrl: string; clientName: string } | undefined {
    const device = this.findByUserCode(userCode);
    if (!device || device.state !== 'pending' || this.now() >= device.expiresAt) return undefined;
    return { startUrl: device.startUrl, clientName: this.clients.get(device.clientId)?.name ?? '' };
  }

  /** The user approved (or denied) on the verification page. False when the code is unknown, used or expired. */
  decide(userCode: string, approve: boolean): boolean {
    const device = this.findByUserCode(userCode);
    if (!device || device.state !== 'pending' || this.now() >= device.expiresAt) return false;
    device.state = approve ? 'approved' : 'denied';
    return true;
  }

  /** `valid` for an access token this emulator issued and that has not expired. */
  tokenState(accessToken: string): 'valid' | 'expired' | 'unknown' {
    const token = this.accessTokens.get(accessToken);
    if (!token) return 'unknown';
    return this.now() < token.expiresAt ? 'valid' : 'expired';
  }

  /** SSO Logout: the access token stops working (kept as expired, so it is never taken as a foreign one). */
  revoke(accessToken: string): void {
    const token = this.accessTokens.get(accessToken);
    if (token) token.expiresAt = 0;
  }

  private newUserCode(): string {
    const letters = Array.from(
      { length: 8 },
      () => USER_CODE_LETTERS[randomInt(USER_CODE_LETTERS.length)] as string,
    );
    return `${letters.slice(0, 4).join('')}-${letters.slice(4).join('')}`;
  }

  private findByUserCode(userCode: string): DeviceAuthorization | undefined {
    const wanted = userCode.trim().toUpperCase();
    return [...this.devices.values()].find((device) => device.userCode === wanted);
  }

  private authenticateClient(input: Json): string {
    const clientId = requiredText(input, 'clientId');
    const secret = requiredText(input, 'clientSecret');
    const client = this.clients.get(clientId);
    if (!client || client.secret !== secret) {
      throw new OidcError('InvalidClientException', 'invalid_client', 'Invalid client provided', 401);
    }
    if (this.now() >= client.expiresAt) {
      throw new OidcError('InvalidClientException', 'invalid_client', 'Client has expired', 401);
    }
    return clientId;
  }

  /**
   * RFC 8628 §3.5: pending until the user decides; a client that polls faster than the interval is
   * told to slow down. botocore polls twice back to back (once before it shows the code, once when its
   * loop starts), as AWS's own CLI does against the real service, so a burst of two is allowed.
   */
  private redeemDeviceCode(clientId: string, deviceCode: string): Json {
    const device = this.devices.get(deviceCode);
    if (!device || device.clientId !== clientId || device.state === 'redeemed') {
      throw new OidcError('InvalidGrantException', 'invalid_grant', 'Invalid grant provided');
    }
    const now = this.now();
    if (now >= device.expiresAt) {
      throw new OidcError('ExpiredTokenException', 'expired_token', 'Device code has expired');
    }
    if (device.state === 'denied') {
      throw new OidcError(
        'AccessDeniedException',
        'access_denied',
        'The user denied the authorization request',
      );
    }
    if (device.state === 'pending') {
      device.polls = device.polls.filter((at) => now - at < device.intervalMs);
      device.polls.push(now);
      if (device.polls.length > POLLS_PER_INTERVAL) {
        throw new OidcError('SlowDownException', 'slow_down', 'Client is polling too frequently');
      }
      throw new OidcError(
        'AuthorizationPendingException',
        'authorization_pending',
        'Authorization is still pending',
      );
    }
    device.state = 'redeemed';
    return this.issue({
      clientId,
      startUrl: device.startUrl,
      scopes: this.clients.get(clientId)?.scopes ?? [],
      expiresAt: 0,
    });
  }

  private refresh(clientId: string, refreshToken: string): Json {
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant || grant.clientId !== clientId) {
      throw new OidcError('InvalidGrantException', 'invalid_grant', 'Invalid grant provided');
    }
    // Refresh tokens rotate: the old one is spent.
    this.refreshTokens.delete(refreshToken);
    return this.issue(grant);
  }

  /** A refresh token comes with the access token when the client registered scopes, as AWS does. */
  private issue(grant: IssuedToken): Json {
    const lifetime = this.settings().accessTokenLifetimeSeconds ?? DEFAULT_ACCESS_TOKEN_SECONDS;
    const accessToken = `aoa${randomBytes(48).toString('base64url')}`;
    this.accessTokens.set(accessToken, { ...grant, expiresAt: this.now() + lifetime * 1000 });
    const output: Json = { accessToken, tokenType: 'Bearer', expiresIn: lifetime };
    if (grant.scopes.length > 0) {
      const refreshToken = `aor${randomBytes(96).toString('base64url')}`;
      this.refreshTokens.set(refreshToken, grant);
      output.refreshToken = refreshToken;
    }
    return output;
  }
}

function requiredText(input: Json, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') {
    throw new OidcError('InvalidRequestException', 'invalid_request', `Missing or invalid ${field}`);
  }
  return value;
}

function optionalTextList(input: Json, field: string): string[] {
  const value = input[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new OidcError('InvalidRequestException', 'invalid_request', `Invalid ${field}`);
  }
  return value as string[];
}
