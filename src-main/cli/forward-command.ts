import type { AwsContext } from '../aws/aws-context.js';
import type { SocksProxy } from '../client/socks-proxy.js';
import type { PortForward, TunnelEvent } from '../client/start-port-forward.js';
import {
  isInstanceLocal,
  parseForwardSpec,
  parseSocksSpec,
  type ForwardSpec,
} from '../client/forward-spec.js';
import { contextsFor } from './aws-scopes.js';
import { awsErrorText } from './aws-words.js';
import { CliError, UsageError, errorLine } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import { CommandRuntime } from './command-runtime.js';
import { COMMON_FLAGS_HELP, parseCommonFlags, type CommonFlags } from './common-flags.js';
import { parseFlags } from './flag-parser.js';
import { chooseTarget, describeInstance } from './target-choice.js';

export const FORWARD_HELP = `Usage: ssm-desk forward <target> -L [bind:]local:host:port [-L …] [-D [bind:]port]

Forwards local ports through Session Manager, like ssh -L / -D, with several forwards in one command.
  -L [bind:]local:host:port  listen on bind (default 127.0.0.1):local (0 = a free port) and carry each
                             connection to host:port as seen from the instance (localhost = the instance)
  -L /path.sock:host:port    the same from a unix socket (a path starting with / or ./)
  -D [bind:]port             a SOCKS5 proxy: each CONNECT goes to its destination through the instance
                             (AWS-StartPortForwardingSessionToRemoteHost), one tunnel per destination
  --via <target>             the instance for -D when no positional target is given
A status line on stderr shows open connections and bytes, and every state change of a tunnel gets a
line of its own. A lost socket is resumed; a lost session is replaced by a new one (with backoff) while
the local port stays open, and connections made meanwhile wait for it (2 minutes at most). Ctrl-C
closes every tunnel.

${COMMON_FLAGS_HELP}`;

/** The bytes counters as a short human text. */
function bytes(count: number): string {
  if (count < 1024) return `${count} B`;
  if (count < 1024 * 1024) return `${(count / 1024).toFixed(1)} KiB`;
  return `${(count / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * One state change as the line the user reads, or undefined when it is not news: a tunnel's first
 * `open` (a first start is not a restart) and `closed` because we closed it (Ctrl-C).
 */
export function stateText(
  event: TunnelEvent,
  previous: TunnelEvent['state'] | undefined,
): string | undefined {
  const detail = event.detail ? ` (${event.detail})` : '';
  switch (event.state) {
    case 'open':
      return previous === undefined || previous === 'connecting'
        ? undefined
        : `forwarding again, session ${event.sessionId}${detail}`;
    case 'reconnecting':
      return `connection lost, resuming session ${event.sessionId}${detail}`;
    case 'restarting':
      return `session ${event.sessionId} lost, starting a new one${detail}`;
    case 'closed':
      return event.detail ? `closed (${event.detail})` : undefined;
    case 'connecting':
      return undefined;
  }
}

/** Watches one tunnel and turns what it reports into lines (stderr and the log) and status redraws. */
function watchTunnel(
  what: string,
  forward: Pick<PortForward, 'on'>,
  report: (line: string) => void,
  log: (line: string) => void,
  redraw: () => void,
): void {
  forward.on('retry', (failure) =>
    log(
      `${what}: attempt ${failure.attempt} failed, next in ${failure.retryInMs / 1000} s: ${failure.error.message}`,
    ),
  );
  forward.on('held-closed', (closed) =>
    report(
      `ssm-desk: ${what}: ${closed.count} connection(s) waited ${closed.waitedMs / 1000} s for a session and were closed`,
    ),
  );
  forward.on('stats', redraw);
  forward.on('state', redraw);
}

export async function runForwardCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { common, rest } = parseCommonFlags(argv);
  const flags = parseFlags(rest, {
    help: { kind: 'boolean', short: 'h' },
    local: { kind: 'list', short: 'L' },
    dynamic: { kind: 'string', short: 'D' },
    via: { kind: 'string' },
  });
  if (flags.booleans.has('help')) {
    io.stdout.write(FORWARD_HELP);
    return 0;
  }
  let specs: ForwardSpec[];
  let socks: { bindAddress: string; port: number } | undefined;
  try {
    specs = (flags.lists.get('local') ?? []).map(parseForwardSpec);
    const dynamic = flags.strings.get('dynamic');
    socks = dynamic === undefined ? undefined : parseSocksSpec(dynamic);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [positional, ...extra] = flags.positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
  const targetText = positional ?? flags.strings.get('via');
  if (!targetText) throw new UsageError('forward needs a target: ssm-desk forward <target> -L …');
  if (specs.length === 0 && !socks) throw new UsageError('forward needs at least one -L or -D');
  if (common.regions.length > 1 || common.profiles.length > 1) {
    throw new UsageError('forward takes one --profile and one --region');
  }
  // Ctrl-C counts from the start: while tunnels are starting it cancels them (their sessions are
  // terminated), later it closes them. A handler registered only after the start left a window in
  // which Ctrl-C killed the process with sessions still open.
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await forwardUntilStopped(common, specs, socks, targetText, io, stop.signal);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

async function forwardUntilStopped(
  common: CommonFlags,
  specs: readonly ForwardSpec[],
  socks: { bindAddress: string; port: number } | undefined,
  targetText: string,
  io: CliIO,
  signal: AbortSignal,
): Promise<number> {
  const runtime = new CommandRuntime('forward', common, io);
  const contexts = await contextsFor(runtime);
  const { instance, context } = await chooseTarget(runtime, contexts, targetText, io.isTTY);
  const { startPortForward } = await import('../client/start-port-forward.js');
  const { startSocksProxy } = await import('../client/socks-proxy.js');
  const forwards: PortForward[] = [];
  let proxy: SocksProxy | undefined;
  const closeAll = async (): Promise<void> => {
    await Promise.all([
      ...forwards.map((forward) => forward.close().catch(() => undefined)),
      proxy?.close().catch(() => undefined),
    ]);
  };

  // The live status line: only on a terminal, redrawn when a tunnel reports new counters or a state.
  let shuttingDown = false;
  const redraw = (): void => {
    if (!io.stderr.isTTY || shuttingDown) return;
    const all = [...forwards, ...(proxy ? proxy.tunnels.values() : [])];
    let open = 0;
    let total = 0;
    let sent = 0;
    let received = 0;
    for (const forward of all) {
      open += forward.stats.connectionsOpen;
      total += forward.stats.connectionsTotal;
      sent += forward.stats.bytesOut;
      received += forward.stats.bytesIn;
    }
    const troubled = all.filter((forward) => forward.state !== 'open').length;
    io.stderr.write(
      `\r\x1b[K${troubled > 0 ? `${troubled} tunnel(s) recovering; ` : ''}${open} open, ${total} total connections; sent ${bytes(sent)}, received ${bytes(received)}`,
    );
  };
  const report = (line: string): void => {
    runtime.log.info(line);
    io.stderr.write(`${io.stderr.isTTY ? '\r\x1b[K' : ''}${line}\n`);
    redraw();
  };
  const log = (line: string): void => runtime.log.info(line);
  /** Each tunnel's last state, so that only news is printed. */
  const onState = (what: string) => {
    let previous: TunnelEvent['state'] | undefined;
    return (event: TunnelEvent): void => {
      const line = shuttingDown ? undefined : stateText(event, previous);
      if (event.state === 'open' && (previous === undefined || previous === 'connecting')) {
        log(`${what}: open, session ${event.sessionId}`);
      }
      previous = event.state;
      if (line) report(`ssm-desk: ${what}: ${line}`);
      else log(`${what}: ${event.state}${event.detail ? ` (${event.detail})` : ''}`);
    };
  };

  try {
    for (const spec of specs) {
      const what = `tunnel to ${spec.remoteHost}:${spec.remotePort}`;
      const forward = await startPortForward(context as AwsContext, {
        target: instance.instanceId,
        remotePort: spec.remotePort,
        remoteHost: isInstanceLocal(spec.remoteHost) ? undefined : spec.remoteHost,
        localPort: spec.localPort,
        localSocket: spec.localSocket,
        localHost: spec.bindAddress,
        onStateChange: onState(what),
        signal,
      });
      forwards.push(forward);
      watchTunnel(what, forward, report, log, redraw);
      io.stdout.write(
        `Forwarding ${spec.localSocket ?? `${spec.bindAddress}:${forward.localPort}`} -> ${spec.remoteHost}:${spec.remotePort} via ${describeInstance(instance)} (session ${forward.sessionId})\n`,
      );
    }
    if (socks) {
      const states = new Map<string, (event: TunnelEvent) => void>();
      proxy = await startSocksProxy(context as AwsContext, {
        target: instance.instanceId,
        localHost: socks.bindAddress,
        localPort: socks.port,
        signal,
        onTunnelEvent: (destination, event) => {
          let listener = states.get(destination);
          if (!listener) states.set(destination, (listener = onState(`SOCKS tunnel to ${destination}`)));
          listener(event);
        },
      });
      proxy.on('tunnel', (destination, forward) =>
        watchTunnel(`SOCKS tunnel to ${destination}`, forward, report, log, redraw),
      );
      proxy.on('tunnel-failed', (destination, error) => {
        states.delete(destination);
        runtime.log.warn(
          `SOCKS ${destination}: ${awsErrorText(error.code, error.message, context?.profileName)}`,
        );
      });
      io.stdout.write(
        `SOCKS5 proxy on ${socks.bindAddress}:${proxy.localPort} via ${describeInstance(instance)}\n`,
      );
    }
  } catch (error) {
    await closeAll();
    if (signal.aborted) return 130;
    throw new CliError(`cannot start forwarding: ${errorLine(error)}`, 255);
  }

  redraw();
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
    // If every -L tunnel ends on its own (terminated remotely), there is nothing left to do.
    if (!socks && forwards.length > 0)
      void Promise.all(forwards.map((forward) => forward.done)).then(() => resolve());
  });
  shuttingDown = true;
  if (io.stderr.isTTY) io.stderr.write('\n');
  await closeAll();
  return 0;
}
