import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataChannelHost, EmulatorConfig, FaultSettings, SessionRecord } from '../model.js';
import type { InventoryDirectory } from '../inventory/inventory-directory.js';
import { completeDatabase } from '../inventory/databases.js';
import {
  Checker,
  EmulatorConfigError,
  parseDatabase,
  parseEmulatorConfig,
  parseFailRegions,
  parseFaults,
  parseIdleSeconds,
} from '../inventory/load-config.js';
import { ApiError, sendJson } from './aws-errors.js';
import { readBody } from './aws-request.js';
import { CONTROL_SECRET_HEADER, presentedSecret, secretMatches, type EmulatorLock } from './emulator-lock.js';
import type { SessionStore } from './session-store.js';

export interface ControlDeps {
  config: EmulatorConfig;
  instances: InventoryDirectory;
  sessions: SessionStore;
  dataChannels: DataChannelHost;
  lock?: EmulatorLock;
}

const SOURCE = 'request body';

/**
 * `/emulator/*`: test hooks that have no AWS equivalent (fault injection, dropping sockets, expiring
 * tokens, changing the inventory). Plain JSON in and out; errors are `{"error": "..."}`.
 */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: ControlDeps,
): Promise<void> {
  try {
    checkControlSecret(req, deps.lock);
    const result = await route(req, url, deps);
    sendJson(res, 200, result);
  } catch (error) {
    if (error instanceof EmulatorConfigError) {
      sendJson(res, 400, { error: error.message });
    } else if (error instanceof ApiError) {
      sendJson(res, error.status, { error: error.message });
    } else {
      throw error;
    }
  }
}

/** A locked emulator's control routes want the launch's control secret; without one they are closed. */
function checkControlSecret(req: IncomingMessage, lock: EmulatorLock | undefined): void {
  if (!lock) return;
  if (lock.controlSecret === undefined) {
    throw new ApiError('Forbidden', 'control routes are closed on this locked emulator', 403);
  }
  if (!secretMatches(lock.controlSecret, presentedSecret(req))) {
    throw new ApiError('Forbidden', `missing or wrong ${CONTROL_SECRET_HEADER} header`, 403);
  }
}

async function route(req: IncomingMessage, url: URL, deps: ControlDeps): Promise<unknown> {
  const path = url.pathname.replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  const check = new Checker(SOURCE);
  if (method === 'GET' && path === '/emulator/health') {
    return { ok: true, instances: deps.instances.list().length, sessions: deps.sessions.list().length };
  }
  if (method === 'GET' && path === '/emulator/sessions')
    return { sessions: deps.sessions.list().map(sessionJson) };
  if (method === 'GET' && path === '/emulator/instances') return { instances: deps.instances.list() };
  if (method === 'GET' && path === '/emulator/databases') return { databases: deps.config.databases ?? [] };
  if (method !== 'POST') throw new ApiError('NotFound', `No control route ${method} ${path}`, 404);
  const body = await jsonBody(req, check);
  switch (path) {
    case '/emulator/faults': {
      const raw = check.object(body, '(top level)', ['sessionId', 'faults']);
      const sessionId = check.optionalString(raw.sessionId, 'sessionId');
      if (sessionId !== undefined && !deps.sessions.get(sessionId)) {
        throw new ApiError('NotFound', `Unknown session ${sessionId}`, 404);
      }
      const faults: FaultSettings | undefined =
        raw.faults === undefined || raw.faults === null
          ? undefined
          : parseFaults(check, raw.faults, 'faults');
      deps.dataChannels.setFaults(sessionId, faults);
      return { ok: true, sessionId: sessionId ?? null, faults: faults ?? null };
    }
    case '/emulator/drop-sockets': {
      const raw = check.object(body, '(top level)', ['sessionId']);
      const sessionId = check.optionalString(raw.sessionId, 'sessionId');
      return { dropped: deps.dataChannels.dropClientSockets(sessionId) };
    }
    case '/emulator/expire-tokens':
      check.object(body, '(top level)', []);
      return { expired: deps.sessions.expireAllTokens() };
    case '/emulator/instances': {
      const [instance] = parseEmulatorConfig({ instances: [body] }, SOURCE).instances;
      if (!instance) throw new ApiError('BadRequest', 'no instance given', 400);
      if (deps.instances.get(instance.instanceId)) {
        throw new ApiError('Conflict', `Instance ${instance.instanceId} already exists`, 409);
      }
      deps.instances.add(instance);
      return { instance };
    }
    case '/emulator/databases': {
      const added = completeDatabase(parseDatabase(check, body, '(top level)'));
      const existing = deps.config.databases ?? [];
      for (const database of added) {
        if (
          existing.some(
            (d) =>
              d.region === database.region &&
              d.kind === database.kind &&
              d.identifier === database.identifier,
          )
        ) {
          throw new ApiError(
            'Conflict',
            `Database ${database.identifier} already exists in ${database.region}`,
            409,
          );
        }
      }
      deps.config.databases = [...existing, ...added];
      return { databases: added };
    }
    case '/emulator/settings': {
      const raw = check.object(body, '(top level)', [
        'throttleRate',
        'tokenLifetimeSeconds',
        'idleSessionTimeoutSeconds',
        'failRegions',
      ]);
      if (raw.throttleRate !== undefined)
        deps.config.throttleRate = check.number(raw.throttleRate, 'throttleRate', 0, 1);
      if (raw.tokenLifetimeSeconds !== undefined) {
        deps.config.tokenLifetimeSeconds = check.integer(
          raw.tokenLifetimeSeconds,
          'tokenLifetimeSeconds',
          0,
          2 ** 31,
        );
      }
      if (raw.idleSessionTimeoutSeconds === null) delete deps.config.preferences.idleSessionTimeoutSeconds;
      else if (raw.idleSessionTimeoutSeconds !== undefined) {
        deps.config.preferences.idleSessionTimeoutSeconds = parseIdleSeconds(
          check,
          raw.idleSessionTimeoutSeconds,
          'idleSessionTimeoutSeconds',
        );
      }
      // Replaces the whole map: `{}` makes every region answer again.
      if (raw.failRegions !== undefined) deps.config.failRegions = parseFailRegions(check, raw.failRegions);
      return {
        throttleRate: deps.config.throttleRate ?? 0,
        tokenLifetimeSeconds: deps.config.tokenLifetimeSeconds ?? 0,
        idleSessionTimeoutSeconds: deps.config.preferences.idleSessionTimeoutSeconds ?? null,
        failRegions: deps.config.failRegions ?? {},
      };
    }
  }
  const online = /^\/emulator\/instances\/([^/]+)\/online$/.exec(path);
  if (online) {
    const raw = check.object(body, '(top level)', ['online']);
    const id = decodeURIComponent(online[1] as string);
    if (!deps.instances.setOnline(id, check.boolean(raw.online, 'online'))) {
      throw new ApiError('NotFound', `Unknown instance ${id}`, 404);
    }
    return { instance: deps.instances.get(id) };
  }
  throw new ApiError('NotFound', `No control route ${method} ${path}`, 404);
}

async function jsonBody(req: IncomingMessage, check: Checker): Promise<unknown> {
  const text = (await readBody(req, 64 * 1024)).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    return check.fail('(body)', `is not valid JSON: ${(error as Error).message}`);
  }
}

function sessionJson(record: SessionRecord): Record<string, unknown> {
  return {
    sessionId: record.sessionId,
    target: record.target,
    region: record.region,
    documentName: record.documentName,
    sessionType: record.sessionType,
    status: record.status,
    owner: record.owner,
    startDate: record.startDate.toISOString(),
    endDate: record.endDate?.toISOString() ?? null,
    tokens: record.tokens.size,
    streamUrl: record.streamUrl,
  };
}
