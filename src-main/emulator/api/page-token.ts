import { createHash } from 'node:crypto';
import type { ApiError } from './aws-errors.js';

/**
 * NextToken values are opaque to clients but bound to the query that produced them, so a token replayed
 * with different filters or in another region fails as it does against AWS rather than paging wrongly.
 */
export function encodePageToken(offset: number, query: unknown): string {
  return Buffer.from(JSON.stringify({ o: offset, q: queryHash(query) })).toString('base64');
}

export function decodePageToken(token: string | undefined, query: unknown, error: () => ApiError): number {
  if (token === undefined || token === '') return 0;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (decoded !== null && typeof decoded === 'object') {
      const { o, q } = decoded as { o?: unknown; q?: unknown };
      if (typeof o === 'number' && Number.isInteger(o) && o >= 0 && q === queryHash(query)) return o;
    }
  } catch {
    // Falls through to the service's invalid-token error.
  }
  throw error();
}

function queryHash(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('hex').slice(0, 16);
}
