import { AwsContext } from '../aws/aws-context.js';
import { createSession } from '../client/session-launcher.js';
import { channelClosedText } from '../protocol/channel-closed.js';
import type { Session } from '../sessions/session.js';
import type { SessionEnd } from '../sessions/session-type.js';
import { PortSession } from '../sessions/port/port-session.js';
import { PortNotice } from '../sessions/port/port-notices.js';
import { ShellSession } from '../sessions/shell-session.js';
import { ProcessTerminal } from '../terminal/process-terminal.js';
import type { PluginInvocation } from './plugin-argv.js';
import { PluginText } from './plugin-texts.js';

type StartInvocation = Extract<PluginInvocation, { kind: 'start' }>;

export interface PluginOutcome {
  /** Printed to stdout last, after the terminal is restored. */
  text: string;
  status: number;
}

/** Runs one session for the AWS CLI and says what to print and how to exit (spec §4.6, §7, §8, §9). */
export async function runPluginSession(invocation: StartInvocation): Promise<PluginOutcome> {
  const { response, region, profile, target, endpoint, legacy } = invocation;
  const problem = checkResponse(response.SessionId, response.StreamUrl, response.TokenValue);
  if (problem) return { text: PluginText.cannotStart(problem), status: 0 };

  const sessionId = response.SessionId;
  process.stdout.write(PluginText.starting(sessionId));

  // The same AWS adapter as the library's (aws/session-api.ts): the profile and region the AWS CLI
  // passed, the SSM endpoint argument for SSM only (KMS keeps its own), and HTTPS_PROXY, NO_PROXY and
  // AWS_CA_BUNDLE from the environment for the SDK calls and the websocket, as the Go plugin does.
  let context: AwsContext;
  try {
    context = await AwsContext.create({
      region,
      ...(profile ? { profile } : {}),
      ...(endpoint ? { serviceEndpoints: { ssm: endpoint } } : {}),
    });
  } catch (error) {
    return { text: PluginText.cannotStart((error as Error).message), status: 0 };
  }
  const terminal = new ProcessTerminal();
  const print = (text: string): void => void process.stdout.write(text);
  let portSession: PortSession | undefined;
  const session: Session = createSession(
    context,
    { sessionId, tokenValue: response.TokenValue, streamUrl: response.StreamUrl },
    target,
    {
      Standard_Stream: (typeContext) => new ShellSession(typeContext, terminal),
      Port: async (typeContext) => {
        portSession = await PortSession.create(typeContext, {
          print,
          stdio: { input: process.stdin, output: process.stdout },
        });
        if (portSession.mode !== 'stream') installPortSignalHandlers(portSession, session, print);
        return portSession;
      },
    },
    { onCustomerMessage: (text) => process.stdout.write(`${text}\n`) },
    // The legacy argv form has no profile to call KMS with: the Go plugin offers no encryption then.
    { encryption: !legacy },
  );
  await session.start();
  const end = await session.done;
  terminal.restore();
  return { text: endText(sessionId, end), status: 0 };
}

/**
 * Ctrl-C, Ctrl-Z or Ctrl-\\ in a listening port session (spec §7.3 "Signals"): say so, then end the
 * session the way the agent's version calls for. Stream mode keeps Go's default (the signal kills).
 */
function installPortSignalHandlers(port: PortSession, session: Session, print: (text: string) => void): void {
  let stopping = false;
  const onSignal = (): void => {
    if (stopping) return;
    stopping = true;
    print(PortNotice.terminateSignal);
    void port.stop().then(
      (outcome) => {
        if (outcome === 'ended')
          session.end({
            kind: 'local',
            reason: 'terminated by signal',
            exitText: channelClosedText(session.sessionId, ''),
          });
      },
      (error: unknown) =>
        session.end({ kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) }),
    );
  };
  for (const signal of ['SIGINT', 'SIGTSTP', 'SIGQUIT'] as const) process.on(signal, onSignal);
}

/** Every end exits 0, as in the Go plugin; only the text differs. */
function endText(sessionId: string, end: SessionEnd): string {
  switch (end.kind) {
    case 'closed':
      return channelClosedText(sessionId, end.output);
    case 'timed-out':
      return PluginText.timedOut(sessionId);
    case 'input-ended':
      return PluginText.cannotStart(end.reason);
    case 'failed':
      return PluginText.cannotStart(end.error.message);
    case 'local':
      // Ctrl-C in a port session prints the exit text; stdio EOF ends silently.
      return end.exitText ?? '';
  }
}

/** The Go plugin would dial an empty or malformed URL and hang; we say what is wrong instead. */
function checkResponse(sessionId: string, streamUrl: string, token: string): string | undefined {
  if (!sessionId) return 'the StartSession response has no SessionId';
  if (!token) return 'the StartSession response has no TokenValue';
  if (!streamUrl) return 'the StartSession response has no StreamUrl';
  let url: URL;
  try {
    url = new URL(streamUrl);
  } catch {
    return `StreamUrl is not a URL: ${JSON.stringify(streamUrl.slice(0, 200))}`;
  }
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') {
    return `StreamUrl must be a wss:// or ws:// URL, got ${url.protocol}//`;
  }
  return undefined;
}
