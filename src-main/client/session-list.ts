import type { ErrorInfo } from '../../src-shared/model/error-info.js';
import type { SessionSummary } from '../../src-shared/model/session-summary.js';
import type { AwsContext } from '../aws/aws-context.js';
import { terminateSession } from '../aws/session-api.js';
import { throwIfAborted } from './client-error.js';
import { toErrorInfo } from './error-info.js';

export type { SessionSummary };

/** DescribeSessions, all pages (the SDK's paginator): 'Active' sessions or the 'History' of ended ones. */
export async function listSessions(
  context: AwsContext,
  state: 'Active' | 'History' = 'Active',
  signal?: AbortSignal,
): Promise<SessionSummary[]> {
  const { paginateDescribeSessions } = await import('@aws-sdk/client-ssm');
  const ssm = await context.ssm();
  const sessions: SessionSummary[] = [];
  await context.call(
    async (send) => {
      for await (const page of paginateDescribeSessions(
        { client: ssm, pageSize: 200 },
        { State: state },
        send,
      )) {
        for (const s of page.Sessions ?? []) {
          if (!s.SessionId) continue;
          // Plain data for the desktop app's contract: ISO dates, no undefined-valued keys.
          sessions.push({
            sessionId: s.SessionId,
            target: s.Target ?? '',
            status: s.Status ?? '',
            ...(s.StartDate ? { startDate: s.StartDate.toISOString() } : {}),
            ...(s.EndDate ? { endDate: s.EndDate.toISOString() } : {}),
            ...(s.DocumentName ? { documentName: s.DocumentName } : {}),
            ...(s.Owner ? { owner: s.Owner } : {}),
            ...(s.Reason ? { reason: s.Reason } : {}),
            region: context.region,
          });
        }
      }
    },
    { signal, operation: 'DescribeSessions' },
  );
  return sessions;
}

/** One TerminateSession's outcome; `error` as plain data. */
export interface TerminateResult {
  sessionId: string;
  ok: boolean;
  error?: ErrorInfo;
}

/**
 * TerminateSession for each id, one after the other, every one tried whatever happened to the
 * others: the result says per session whether it worked, and why not. Rejects only when `signal`
 * aborts (with a ClientError `aborted`).
 */
export async function terminateSessions(
  context: AwsContext,
  sessionIds: readonly string[],
  signal?: AbortSignal,
): Promise<TerminateResult[]> {
  const results: TerminateResult[] = [];
  for (const sessionId of sessionIds) {
    throwIfAborted(signal);
    try {
      await terminateSession(context, sessionId, signal);
      results.push({ sessionId, ok: true });
    } catch (error) {
      throwIfAborted(signal);
      results.push({ sessionId, ok: false, error: toErrorInfo(error) });
    }
  }
  return results;
}
