import { setFlagsFromString } from 'node:v8';
import { PLUGIN_VERSION } from '../../src-shared/version.js';
import type { AwsContext } from '../aws/aws-context.js';
import { networkOptionsFromEnv, type NetworkOptions } from '../aws/network-options.js';
import { channelClosedText } from '../protocol/channel-closed.js';
import { newUuid } from '../protocol/codec/wire-uuid.js';
import { Session } from '../sessions/session.js';
import type { SessionEnd } from '../sessions/session-type.js';
import type { PortSession } from '../sessions/port/port-session.js';
import { PortNotice } from '../sessions/port/port-notices.js';
import type { PluginInvocation } from './plugin-argv.js';
import type * as PluginAwsModule from './plugin-aws.js';
import { PluginText } from './plugin-texts.js';

type StartInvocation = Extract<PluginInvocation, { kind: 'start' }>;
type PluginAws = typeof PluginAwsModule;

export interface PluginOutcome {
  /** Printed to stdout last, after the terminal is restored. */
  text: string;
  status: number;
}

/**
 * Runs one session for the AWS CLI and says what to print and how to exit (spec §4.6, §7, §8, §9).
 *
 * The AWS CLI has called StartSession already and hands over its answer, so a session needs the AWS
 * SDK only for ResumeSession (after an outage), TerminateSession (a port session's Ctrl-C on older
 * agents, an agent that stops acknowledging) and KMS (an encrypted session). Those load the SDK and
 * read the shared config on first use: the AWS CLI starts one plugin process per session, and a
 * shell or tunnel that never needs them keeps its memory (docs/benchmarks.md, plugin memory). Only
 * the handler of the session type the agent chose is loaded.
 */
export async function runPluginSession(invocation: StartInvocation): Promise<PluginOutcome> {
  // Two V8 settings for the many plugin processes an ops user keeps open (docs/benchmarks.md, plugin
  // memory), both read by V8 when it decides, so setting them now works:
  // - the young generation stays at its start size (1 MiB semi-spaces) instead of growing to 16 MiB
  //   under a burst of traffic and keeping that (about 40 MiB more per used tunnel);
  // - small functions are not optimized on their first tick: one connection through a tunnel would
  //   otherwise wake TurboFan for ws's frame masking, and its code is 3 MiB more resident per process.
  //   Hot code of a busy session is still optimized as usual.
  // Neither costs throughput measurably (bench/tunnel.ts, CPU per MB).
  setFlagsFromString('--semi-space-growth-factor=1 --max-bytecode-size-for-early-opt=0');
  const { response, region, profile, target, endpoint, legacy } = invocation;
  const problem = checkResponse(response.SessionId, response.StreamUrl, response.TokenValue);
  if (problem) return { text: PluginText.cannotStart(problem), status: 0 };

  const sessionId = response.SessionId;
  process.stdout.write(PluginText.starting(sessionId));

  // HTTPS_PROXY, NO_PROXY and AWS_CA_BUNDLE from the environment, for the websocket and (through the
  // AwsContext) the SDK calls, as the Go plugin uses them.
  let network: NetworkOptions;
  try {
    network = await networkOptionsFromEnv(process.env);
  } catch (error) {
    return { text: PluginText.cannotStart((error as Error).message), status: 0 };
  }
  // The same AWS adapter as the library's (aws/session-api.ts), made on first use: the profile and
  // region the AWS CLI passed, the SSM endpoint argument for SSM only (KMS keeps its own).
  let context: Promise<AwsContext> | undefined;
  const aws = async (): Promise<{ context: AwsContext; api: PluginAws }> => {
    const api = await import('./plugin-aws.js');
    context ??= api.AwsContext.create({
      region,
      ...(profile ? { profile } : {}),
      ...(endpoint ? { serviceEndpoints: { ssm: endpoint } } : {}),
    });
    // A failure (a broken config file) is not kept: the next call reads the files again.
    context.catch(() => (context = undefined));
    return { context: await context, api };
  };

  let restoreTerminal = (): void => undefined;
  const print = (text: string): void => void process.stdout.write(text);
  const session: Session = new Session(
    {
      start: { sessionId, tokenValue: response.TokenValue, streamUrl: response.StreamUrl },
      targetId: target,
      clientVersion: PLUGIN_VERSION,
      clientId: newUuid(),
      sessionTypes: {
        Standard_Stream: async (typeContext) => {
          const [{ ShellSession }, { ProcessTerminal }] = await Promise.all([
            import('../sessions/shell-session.js'),
            import('../terminal/process-terminal.js'),
          ]);
          const terminal = new ProcessTerminal();
          restoreTerminal = () => terminal.restore();
          return new ShellSession(typeContext, terminal);
        },
        Port: async (typeContext) => {
          const { PortSession } = await import('../sessions/port/port-session.js');
          const port = await PortSession.create(typeContext, {
            print,
            stdio: { input: process.stdin, output: process.stdout },
          });
          if (port.mode !== 'stream') installPortSignalHandlers(port, session, print);
          return port;
        },
      },
      // The legacy argv form has no profile to call KMS with: the Go plugin offers no encryption then.
      generateDataKey: legacy
        ? undefined
        : async (request) => {
            const { context, api } = await aws();
            return api.generateDataKey(context, request);
          },
      resumeSession: async (signal) => {
        const { context, api } = await aws();
        return api.resumeSession(context, sessionId, signal);
      },
      terminateSession: async () => {
        const { context, api } = await aws();
        await api.terminateSession(context, sessionId);
      },
      agent: network.agentFor(response.StreamUrl),
      ca: network.ca,
    },
    { onCustomerMessage: (text) => process.stdout.write(`${text}\n`) },
  );
  await session.start();
  const end = await session.done;
  restoreTerminal();
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
