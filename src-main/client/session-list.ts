import type { AwsContext } from '../aws/aws-context.js';
import { terminateSsmSession } from './session-launcher.js';

/** One session as DescribeSessions reports it. */
export interface SessionSummary {
  sessionId: string;
  target: string;
  status: string;
  startDate: Date | undefined;
  endDate: Date | undefined;
  documentName: string | undefined;
  owner: string | undefined;
  reason: string | undefined;
  region: string;
}

/** DescribeSessions, all pages: 'Active' sessions or the 'History' of ended ones. */
export async function listSessions(
  context: AwsContext,
  state: 'Active' | 'History' = 'Active',
): Promise<SessionSummary[]> {
  const { DescribeSessionsCommand } = await import('@aws-sdk/client-ssm');
  const ssm = await context.ssm();
  const sessions: SessionSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await context.call(() =>
      ssm.send(new DescribeSessionsCommand({ State: state, MaxResults: 200, NextToken: nextToken })),
    );
    for (const s of page.Sessions ?? []) {
      if (!s.SessionId) continue;
      sessions.push({
        sessionId: s.SessionId,
        target: s.Target ?? '',
        status: s.Status ?? '',
        startDate: s.StartDate,
        endDate: s.EndDate,
        documentName: s.DocumentName,
        owner: s.Owner,
        reason: s.Reason,
        region: context.region,
      });
    }
    nextToken = page.NextToken || undefined;
  } while (nextToken);
  return sessions;
}

/** TerminateSession for each id, one after the other; the first failure is thrown. */
export async function terminateSessions(context: AwsContext, sessionIds: readonly string[]): Promise<void> {
  for (const id of sessionIds) await terminateSsmSession(context, id);
}
