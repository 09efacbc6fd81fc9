import type { Socket } from 'node:net';
import type { AwsContext } from '../aws/aws-context.js';
import type { PortForward, TunnelEvent } from '../client/start-port-forward.js';
import {
  isInstanceLocal,
  parseForwardSpec,
  parseSocksSpec,
  type ForwardSpec,
} from '../client/forward-spec.js';
import { contextsFor } from './aws-scopes.js';
import { CliError, UsageError } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import { CommandRuntime } from './command-runtime.js';
import { parseCommonFlags } from './common-flags.js';
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
the local port stays open. Ctrl-C closes every tunnel.
`;

/** The bytes counters as a short human text. */
function bytes(count: number): string {
  if (count < 1024) return `${count} B`;
  if (count < 1024 * 1024) return `${(count / 1024).toFixed(1)} KiB`;
  return `${(count / 1024 / 1024).toFixed(1)} MiB`;
}

/** One state change as the line the user reads. */
function stateText(event: TunnelEvent): string {
  const detail = event.detail ? ` (${event.detail})` : '';
  switch (event.state) {
    case 'open':
      return `forwarding again, session ${event.sessionId}${detail}`;
    case 'reconnecting':
      return `connection lost, resuming session ${event.sessionId}${detail}`;
    case 'restarting':
      return `session ${event.sessionId} lost, starting a new one${detail}`;
    case 'closed':
      return `closed${detail}`;
    case 'connecting':
      return 'connecting';
  }
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
  const runtime = new CommandRuntime('forward', common, io);
  const contexts = await contextsFor(runtime);
  const { instance, context } = await chooseTarget(runtime, contexts, targetText, io.isTTY);
  const { startPortForward } = await import('../client/start-port-forward.js');
  const forwards: PortForward[] = [];
  const closeAll = async (): Promise<void> => {
    await Promise.all(forwards.map((forward) => forward.close().catch(() => undefined)));
  };

  // Set once the first tunnels are up: from then on each state change is news worth a line.
  let announceStates = false;
  const report = (line: string): void => {
    runtime.log.info(line);
    io.stderr.write(`${io.stderr.isTTY ? '\r\x1b[K' : ''}${line}\n`);
  };
  const open = (spec: {
    remoteHost: string;
    remotePort: number;
    localPort?: number;
    localSocket?: string;
    bindAddress?: string;
    external?: boolean;
  }) =>
    startPortForward(context as AwsContext, {
      target: instance.instanceId,
      remotePort: spec.remotePort,
      remoteHost: isInstanceLocal(spec.remoteHost) ? undefined : spec.remoteHost,
      localPort: spec.localPort,
      localSocket: spec.localSocket,
      localHost: spec.bindAddress,
      external: spec.external,
      onStateChange: (event) => {
        if (!announceStates || event.state === 'connecting') return;
        const what = `tunnel to ${spec.remoteHost}:${spec.remotePort}`;
        report(`ssm-desk: ${what}: ${stateText(event)}`);
      },
    });

  try {
    for (const spec of specs) {
      const forward = await open(spec);
      forwards.push(forward);
      io.stdout.write(
        `Forwarding ${spec.localSocket ?? `${spec.bindAddress}:${forward.localPort}`} -> ${spec.remoteHost}:${spec.remotePort} via ${describeInstance(instance)} (session ${forward.sessionId})\n`,
      );
    }
  } catch (error) {
    await closeAll();
    throw new CliError(`cannot start forwarding: ${(error as Error).message}`, 255);
  }

  if (socks) {
    const { startSocks5Server } = await import('../client/socks5-server.js');
    // One tunnel per destination, shared by every SOCKS connection to it (a mux session carries many).
    const byDestination = new Map<string, Promise<PortForward>>();
    const { port } = await startSocks5Server({ host: socks.bindAddress, port: socks.port }, (request) => {
      const key = `${request.host}:${request.port}`;
      let tunnel = byDestination.get(key);
      if (!tunnel) {
        tunnel = open({ remoteHost: request.host, remotePort: request.port, external: true });
        byDestination.set(key, tunnel);
        tunnel.then(
          (forward) => {
            forwards.push(forward);
            void forward.done.then(() => byDestination.delete(key));
          },
          (error: Error) => {
            byDestination.delete(key);
            runtime.log.warn(`SOCKS ${key}: ${error.message}`);
          },
        );
      }
      tunnel.then(
        (forward) => {
          request.accept();
          forward.attach(request.socket as Socket);
        },
        () => request.refuse(),
      );
    });
    io.stdout.write(`SOCKS5 proxy on ${socks.bindAddress}:${port} via ${describeInstance(instance)}\n`);
  }

  announceStates = true;
  // The live status line: only on a terminal, redrawn in place.
  const status = io.stderr.isTTY
    ? setInterval(() => {
        let open = 0;
        let total = 0;
        let sent = 0;
        let received = 0;
        for (const forward of forwards) {
          open += forward.stats.connectionsOpen;
          total += forward.stats.connectionsTotal;
          sent += forward.stats.bytesOut;
          received += forward.stats.bytesIn;
        }
        const troubled = forwards.filter((forward) => forward.state !== 'open').length;
        io.stderr.write(
          `\r\x1b[K${troubled > 0 ? `${troubled} tunnel(s) recovering; ` : ''}${open} open, ${total} total connections; sent ${bytes(sent)}, received ${bytes(received)}`,
        );
      }, 1000)
    : undefined;

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    // If every -L tunnel ends on its own (terminated remotely), there is nothing left to do.
    if (!socks && forwards.length > 0)
      void Promise.all(forwards.map((forward) => forward.done)).then(() => resolve());
  });
  if (status) {
    clearInterval(status);
    io.stderr.write('\n');
  }
  await closeAll();
  return 0;
}
