import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataChannelHost, EmulatorConfig, KmsBackend } from '../model.js';
import type { InventoryDirectory } from '../inventory/inventory-directory.js';
import { DEFAULT_CALLER_ARN } from '../inventory/default-inventory.js';
import {
  ApiError,
  queryErrorWriter,
  sendEc2Error,
  sendJson,
  sendJsonError,
  sendQueryError,
  sendRestJsonError,
  sendXml,
} from './aws-errors.js';
import { amzTarget, header, parseFormBody, parseJsonBody, readBody, regionOf } from './aws-request.js';
import { accessKeyIdOf, CallerIdentities } from './caller-identities.js';
import { handleControl } from './control-api.js';
import { ec2Action } from './ec2-service.js';
import { unknownKeyError, type EmulatorLock, type SignedService } from './emulator-lock.js';
import { kmsOperation } from './kms-service.js';
import { INPUT_MODELS } from '../models/input-models.js';
import { validateInput } from '../models/validate-input.js';
import { regionFailureError, type RegionalService } from './region-failures.js';
import { RDS_ACTIONS, RDS_NAMESPACE, rdsAction } from './rds-service.js';
import type { SessionStore } from './session-store.js';
import { ACCOUNT_ID, createSsmService } from './ssm-service.js';
import { OidcError, SsoOidc } from './sso-oidc.js';
import { DEFAULT_SSO_ACCOUNTS, ssoPortal } from './sso-service.js';
import { handleVerificationPage, VERIFICATION_PATH } from './verification-page.js';
import { STS_ACTIONS, stsAction } from './sts-service.js';

export interface ApiRouterDeps {
  config: EmulatorConfig;
  instances: InventoryDirectory;
  sessions: SessionStore;
  kms: KmsBackend;
  dataChannels: DataChannelHost;
  /** When set, only this client gets in (api/emulator-lock.ts). */
  lock?: EmulatorLock;
  /** The SSO OIDC state, shared with the Emulator's approve methods; the router makes one if absent. */
  oidc?: SsoOidc;
  /** The emulator's own endpoint (for the verification page's address). */
  publicEndpoint: () => string;
}

/** SSO OIDC's REST-JSON operations, by path (all POST, unauthenticated as at AWS). */
const OIDC_PATHS = new Set(['/client/register', '/device_authorization', '/token']);
/** The SSO portal's REST-JSON operations, by path (bearer token, no SigV4). */
const PORTAL_PATHS = new Set([
  '/federation/credentials',
  '/assignment/accounts',
  '/assignment/roles',
  '/logout',
]);

const JSON_11 = 'application/x-amz-json-1.1';

/** How errors must be written: each AWS protocol has its own error document. */
type ErrorWriter = (res: ServerResponse, error: ApiError) => void;

/** The signing service of a SigV4 request, from its credential scope (`…/us-east-1/ssm/aws4_request`). */
function scopeService(req: IncomingMessage): string | undefined {
  return /Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/([^/,\s]+)\//.exec(header(req, 'authorization') ?? '')?.[1];
}

/**
 * One HTTP handler for every emulated AWS API, so a single --endpoint-url serves SSM, EC2, KMS, STS,
 * RDS and SSO. Requests are told apart the way AWS front ends do: by X-Amz-Target, by the form's Action,
 * or by path. Signatures are not verified; a locked emulator checks the access key id.
 */
export function createApiRouter(deps: ApiRouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const identities = new CallerIdentities(() => deps.config.callerArn ?? DEFAULT_CALLER_ARN);
  const ssm = createSsmService(deps);
  const oidc = deps.oidc ?? new SsoOidc(() => deps.config.sso ?? {});
  const portal = {
    identities,
    oidc,
    accounts: () => deps.config.sso?.accounts ?? DEFAULT_SSO_ACCOUNTS,
    locked: deps.lock !== undefined,
  };
  const throttled = (): boolean => {
    const rate = deps.config.throttleRate ?? 0;
    return rate > 0 && Math.random() < rate;
  };

  /** AWS authenticates before anything else: a locked emulator knows only its own key and the ones it issued. */
  const authenticate = (req: IncomingMessage, service: SignedService): void => {
    const lock = deps.lock;
    if (!lock) return;
    const accessKeyId = accessKeyIdOf(req);
    if (accessKeyId === lock.accessKeyId || (accessKeyId !== undefined && identities.isIssued(accessKeyId)))
      return;
    throw unknownKeyError(service, accessKeyId !== undefined);
  };

  /** A region made to fail answers every listing service's call with the configured error. */
  const checkRegion = (
    req: IncomingMessage,
    service: RegionalService,
    operation: string,
    region: string,
  ): void => {
    const failure = deps.config.failRegions?.[region];
    if (failure === undefined) return;
    throw regionFailureError(failure, service, operation, identities.arnFor(req), region, ACCOUNT_ID);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, protocol: { errors: ErrorWriter }) => {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    if (url.pathname.startsWith('/emulator/')) {
      await handleControl(req, res, url, deps);
      return;
    }
    if (url.pathname === VERIFICATION_PATH) {
      await handleVerificationPage(req, res, url, oidc, deps.lock);
      return;
    }
    if (PORTAL_PATHS.has(url.pathname)) {
      protocol.errors = sendRestJsonError;
      sendJson(res, 200, ssoPortal(req, url, portal));
      return;
    }
    if (OIDC_PATHS.has(url.pathname)) {
      protocol.errors = sendRestJsonError;
      if (req.method !== 'POST') throw new ApiError('InvalidRequestException', 'Use POST', 405);
      const input = parseOidcBody(await readBody(req));
      const verificationUri = `${deps.publicEndpoint()}${VERIFICATION_PATH}`;
      const output =
        url.pathname === '/client/register'
          ? oidc.registerClient(input)
          : url.pathname === '/device_authorization'
            ? oidc.startDeviceAuthorization(input, verificationUri)
            : oidc.createToken(input);
      sendJson(res, 200, output);
      return;
    }
    const region = regionOf(req);
    const target = amzTarget(req);
    if (target) {
      if (target.service === 'AmazonSSM') {
        authenticate(req, 'ssm');
        const input = parseJsonBody(await readBody(req));
        const operation = Object.hasOwn(ssm, target.operation) ? ssm[target.operation] : undefined;
        if (!operation) throw unknownOperation(target.operation);
        checkRegion(req, 'ssm', target.operation, region);
        if (throttled()) throw new ApiError('ThrottlingException', 'Rate exceeded');
        validateInput(INPUT_MODELS.ssm, target.operation, input);
        sendJson(res, 200, operation(input, region, identities.arnFor(req)), JSON_11);
        return;
      }
      if (target.service === 'TrentService') {
        authenticate(req, 'kms');
        const input = parseJsonBody(await readBody(req));
        validateInput(INPUT_MODELS.kms, target.operation, input);
        sendJson(res, 200, kmsOperation(deps.kms, target.operation, input, region), JSON_11);
        return;
      }
      throw unknownOperation(`${target.service}.${target.operation}`);
    }
    if (req.method === 'POST') {
      const params = parseFormBody(await readBody(req));
      const action = params.get('Action');
      if (action !== undefined) {
        const service = scopeService(req);
        if (service === 'sts' || (service === undefined && STS_ACTIONS.has(action))) {
          protocol.errors = sendQueryError;
          authenticate(req, 'sts');
          sendXml(res, 200, stsAction(action, params, identities.arnFor(req), identities));
          return;
        }
        if (service === 'rds' || (service === undefined && RDS_ACTIONS.has(action))) {
          protocol.errors = queryErrorWriter(RDS_NAMESPACE);
          authenticate(req, 'rds');
          checkRegion(req, 'rds', action, region);
          if (throttled()) throw new ApiError('Throttling', 'Rate exceeded');
          sendXml(res, 200, rdsAction(action, params, region, deps.config.databases ?? []));
          return;
        }
        protocol.errors = sendEc2Error;
        authenticate(req, 'ec2');
        checkRegion(req, 'ec2', action, region);
        if (throttled()) throw new ApiError('RequestLimitExceeded', 'Request limit exceeded.', 503);
        sendXml(res, 200, ec2Action(action, params, region, deps.instances));
        return;
      }
    }
    throw new ApiError(
      'UnknownOperationException',
      `No emulated AWS API matches ${req.method} ${url.pathname}`,
      404,
    );
  };

  return (req, res) => {
    const protocol: { errors: ErrorWriter } = { errors: (r, e) => sendJsonError(r, e, JSON_11) };
    handle(req, res, protocol).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // Never a stack trace on the wire: unexpected failures become the services' InternalFailure.
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError('InternalFailure', 'The request processing has failed.', 500);
      if (!(error instanceof ApiError)) console.error('emulator API: unexpected error', error);
      // A refusal before the body was read: drain it so the client can read the answer.
      req.resume();
      protocol.errors(res, apiError);
    });
  };
}

/** OIDC answers a body it cannot read as an invalid request, in its OAuth form. */
function parseOidcBody(body: Buffer): Record<string, unknown> {
  try {
    return parseJsonBody(body);
  } catch {
    throw new OidcError('InvalidRequestException', 'invalid_request', 'The request body is not valid JSON');
  }
}

function unknownOperation(name: string): ApiError {
  return new ApiError('UnknownOperationException', `Operation ${name} is not supported by this emulator.`);
}
