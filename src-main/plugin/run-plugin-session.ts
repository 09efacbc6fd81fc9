import { PLUGIN_VERSION } from '../../src-shared/version.js';
import { kmsDataKeyGenerator } from '../aws/kms-data-key.js';
import { networkOptionsFromEnv, type NetworkOptions } from '../aws/network-options.js';
import { SsmSessionApi } from '../aws/ssm-session-api.js';
import { channelClosedText } from '../protocol/channel-closed.js';
import { newUuid } from '../protocol/codec/wire-uuid.js';
import { Session } from '../sessions/session.js';
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

  let network: NetworkOptions;
  try {
    network = networkOptionsFromEnv();
  } catch (error) {
    return { text: PluginText.cannotStart((error as Error).message), status: 0 };
  }
  const terminal = new ProcessTerminal();
  const print = (text: string): void => void process.stdout.write(text);
  let portSession: PortSession | undefined;
  const ssm = new SsmSessionApi({ region, profile, endpoint: endpoint || undefined, network });
  const session = new Session(
    {
      start: { sessionId, tokenValue: response.TokenValue, streamUrl: response.StreamUrl },
      targetId: target,
      clientVersion: PLUGIN_VERSION,
      clientId: newUuid(),
      sessionTypes: {
        Standard_Stream: (context) => new ShellSession(context, terminal),
        Port: async (context) => {
          portSession = await PortSession.create(context, {
            print,
            stdio: { input: process.stdin, output: process.stdout },
          });
          if (portSession.mode !== 'stream') installPortSignalHandlers(portSession, session, print);
          return portSession;
        },
      },
      generateDataKey: legacy ? undefined : kmsDataKeyGenerator({ region, profile, network }),
      resumeSession: () => ssm.resumeSession(sessionId),
      terminateSession: () => ssm.terminateSession(sessionId),
      // The Go plugin's websocket dialer takes the proxy from the environment too (spec §3).
      agent: network.agentFor(response.StreamUrl),
      ca: network.ca,
    },
    {
      onCustomerMessage: (text) => process.stdout.write(`${text}\n`),
    },
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
