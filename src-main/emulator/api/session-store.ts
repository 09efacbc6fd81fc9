import { randomBytes } from 'node:crypto';
import type { SessionDirectory, SessionDocument, SessionRecord, SessionStatus } from '../model.js';

export interface SessionStoreOptions {
  /** e.g. `ws://127.0.0.1:8080`: read per session because the port is known only after listen(). */
  streamUrlBase: () => string;
  /** 0 or absent = tokens never expire. Read at issue time so /emulator/settings applies to new tokens. */
  tokenLifetimeSeconds?: () => number;
}

export interface CreateSessionRequest {
  target: string;
  region: string;
  document: SessionDocument;
  parameters: Record<string, string[]>;
  properties: Record<string, unknown>;
  reason?: string;
  owner: string;
}

export interface SessionFilter {
  /** Active = not yet ended; History = ended (Terminated/Failed). */
  state?: 'Active' | 'History';
  target?: string;
  owner?: string;
  status?: SessionStatus;
  sessionId?: string;
  region?: string;
  /** Sessions started on or after / on or before these instants. */
  startedAfter?: Date;
  startedBefore?: Date;
}

const ENDED: ReadonlySet<SessionStatus> = new Set(['Terminated', 'Failed']);

/** All sessions the SSM API created; the relay reads them through SessionDirectory. */
export class SessionStore implements SessionDirectory {
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #options: SessionStoreOptions;

  constructor(options: SessionStoreOptions) {
    this.#options = options;
  }

  create(request: CreateSessionRequest): SessionRecord {
    const ownerName = request.owner.split(/[/:]/).at(-1) || 'session';
    let sessionId: string;
    do sessionId = `${ownerName}-${randomBytes(9).toString('hex').slice(0, 17)}`;
    while (this.#sessions.has(sessionId));
    const record: SessionRecord = {
      sessionId,
      target: request.target,
      region: request.region,
      documentName: request.document.name,
      parameters: request.parameters,
      sessionType: request.document.sessionType,
      properties: request.properties,
      owner: request.owner,
      startDate: new Date(),
      status: 'Connected',
      tokens: new Map(),
      streamUrl: `${this.#options.streamUrlBase()}/v1/data-channel/${sessionId}?role=publish_subscribe`,
    };
    if (request.reason !== undefined) record.reason = request.reason;
    this.#sessions.set(sessionId, record);
    this.issueToken(sessionId);
    return record;
  }

  /** Adds a new token for the session and returns it (undefined for an unknown session). */
  issueToken(sessionId: string): string | undefined {
    const record = this.#sessions.get(sessionId);
    if (!record) return undefined;
    // Real tokens are long opaque strings; length makes accidental reuse across sessions impossible.
    const token = randomBytes(96).toString('base64url');
    const lifetime = this.#options.tokenLifetimeSeconds?.() ?? 0;
    record.tokens.set(token, lifetime > 0 ? Date.now() + lifetime * 1000 : Infinity);
    return token;
  }

  get(sessionId: string): SessionRecord | undefined {
    return this.#sessions.get(sessionId);
  }

  acceptsToken(sessionId: string, token: string): boolean {
    const expiry = this.#sessions.get(sessionId)?.tokens.get(token);
    return expiry !== undefined && Date.now() < expiry;
  }

  setStatus(sessionId: string, status: SessionStatus): void {
    const record = this.#sessions.get(sessionId);
    if (!record) return;
    record.status = status;
    if (ENDED.has(status) && record.endDate === undefined) record.endDate = new Date();
  }

  isEnded(record: SessionRecord): boolean {
    return ENDED.has(record.status);
  }

  /** Newest first, as DescribeSessions lists them. */
  list(filter: SessionFilter = {}): SessionRecord[] {
    return [...this.#sessions.values()]
      .filter((record) => matches(record, filter))
      .sort(
        (a, b) => b.startDate.getTime() - a.startDate.getTime() || b.sessionId.localeCompare(a.sessionId),
      );
  }

  /** Every token stops being accepted now (tests of the ResumeSession path). */
  expireAllTokens(): number {
    let count = 0;
    const now = Date.now();
    for (const record of this.#sessions.values()) {
      for (const token of record.tokens.keys()) {
        record.tokens.set(token, now - 1);
        count++;
      }
    }
    return count;
  }

  /**
   * ResumeSession: a live session gets a fresh token; an ended one comes back with an empty token, which
   * the client reports as "Session: <id> timed out."; an unknown id gives undefined.
   */
  resume(sessionId: string): { record: SessionRecord; token: string } | undefined {
    const record = this.#sessions.get(sessionId);
    if (!record) return undefined;
    if (this.isEnded(record)) return { record, token: '' };
    return { record, token: this.issueToken(sessionId) ?? '' };
  }
}

function matches(record: SessionRecord, filter: SessionFilter): boolean {
  if (filter.state === 'Active' && ENDED.has(record.status)) return false;
  if (filter.state === 'History' && !ENDED.has(record.status)) return false;
  if (filter.target !== undefined && record.target !== filter.target) return false;
  if (filter.owner !== undefined && record.owner !== filter.owner) return false;
  if (filter.status !== undefined && record.status !== filter.status) return false;
  if (filter.sessionId !== undefined && record.sessionId !== filter.sessionId) return false;
  if (filter.region !== undefined && record.region !== filter.region) return false;
  if (filter.startedAfter !== undefined && record.startDate < filter.startedAfter) return false;
  if (filter.startedBefore !== undefined && record.startDate > filter.startedBefore) return false;
  return true;
}
