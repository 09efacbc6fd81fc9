import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie that carries the launch's secret after the first visit (HttpOnly: scripts never see it). */
export const SECRET_COOKIE = 'ssm_desk_key';
/** The query parameter of the printed URL that carries the secret on the first visit. */
export const SECRET_PARAMETER = 'k';

/**
 * Who may use browser mode: only a browser on this machine that was given the launch's secret. The
 * secret arrives once in the printed URL and is then kept in an HttpOnly, SameSite=Strict cookie.
 * The Host header must name the loopback address we listen on (no DNS rebinding), and a WebSocket's
 * Origin must be our own (no other page the user has open may drive the app).
 */
export class AccessGuard {
  private readonly secret: Buffer;

  constructor(
    secret: string,
    private readonly port: () => number,
  ) {
    this.secret = Buffer.from(secret);
  }

  /** The origins the app is served from (127.0.0.1 and localhost on our port). */
  origins(): string[] {
    return [`http://127.0.0.1:${this.port()}`, `http://localhost:${this.port()}`];
  }

  hostAllowed(request: IncomingMessage): boolean {
    const host = request.headers.host;
    return host !== undefined && this.origins().some((origin) => origin === `http://${host}`);
  }

  originAllowed(request: IncomingMessage): boolean {
    const origin = request.headers.origin;
    return origin !== undefined && this.origins().includes(origin);
  }

  /** The secret in the query string of a first visit. */
  secretInQuery(url: URL): boolean {
    return this.matches(url.searchParams.get(SECRET_PARAMETER));
  }

  secretInCookie(request: IncomingMessage): boolean {
    return this.matches(cookieValue(request.headers.cookie, SECRET_COOKIE));
  }

  setCookieHeader(): string {
    return `${SECRET_COOKIE}=${this.secret.toString()}; HttpOnly; SameSite=Strict; Path=/`;
  }

  private matches(candidate: string | undefined | null): boolean {
    if (!candidate) return false;
    const given = Buffer.from(candidate);
    return given.length === this.secret.length && timingSafeEqual(given, this.secret);
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
