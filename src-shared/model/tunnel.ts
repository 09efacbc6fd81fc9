import { z } from 'zod';
import { ErrorInfoSchema } from './error-info.js';
import { ForwardStatsSchema } from './forward-stats.js';

/**
 * A saved tunnel: a local port (or unix socket) forwarded through an instance to a port on it or on
 * a host it reaches (RemoteHost document), or a SOCKS5 proxy through it. Kept in tunnels.json.
 */
export const TunnelSpecSchema = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().trim().min(1).max(100),
    profile: z.string().min(1).max(256),
    region: z.string().min(1).max(64),
    /** An instance id, or a Name tag resolved when the tunnel starts. */
    target: z.string().trim().min(1).max(256),
    kind: z.enum(['port', 'socks']),
    /** Forward to this host through the instance (AWS-StartPortForwardingSessionToRemoteHost). */
    remoteHost: z.string().trim().min(1).max(253).optional(),
    /** The port on the instance or remote host (port tunnels). */
    remotePort: z.number().int().min(1).max(65_535).optional(),
    /** The local port; 0 = any free port, chosen at each start. */
    localPort: z.number().int().min(0).max(65_535),
    bindAddress: z.string().trim().min(1).max(64),
    /** Listen on this unix socket instead of a TCP port. */
    localSocket: z.string().trim().min(1).max(1024).optional(),
    /** Start when the app starts. */
    autoStart: z.boolean(),
  })
  .refine((spec) => spec.kind === 'socks' || spec.remotePort !== undefined, {
    message: 'a port tunnel needs a remote port',
    path: ['remotePort'],
  })
  .refine((spec) => spec.kind === 'port' || spec.remoteHost === undefined, {
    message: 'a SOCKS proxy has no remote host: each connection names its own',
    path: ['remoteHost'],
  });
export type TunnelSpec = z.infer<typeof TunnelSpecSchema>;

/**
 * A tunnel's live state: stopped, starting (StartSession), forwarding, resuming (the socket was
 * lost), restarting (the session was lost; the local port stays open), failed (with why).
 */
export const TunnelStateSchema = z.enum([
  'stopped',
  'starting',
  'forwarding',
  'resuming',
  'restarting',
  'failed',
]);
export type TunnelRunState = z.infer<typeof TunnelStateSchema>;

export const TunnelStatusSchema = z.object({
  id: z.string(),
  state: TunnelStateSchema,
  /** One line: "retry in 4 s: throttled", "session timed out". */
  detail: z.string().optional(),
  error: ErrorInfoSchema.optional(),
  /** The bound local port while it runs (the real one when 0 was asked for). */
  localPort: z.number().int().optional(),
  sessionId: z.string().optional(),
  stats: ForwardStatsSchema,
  /** When it last started (epoch ms), for the uptime. */
  startedAt: z.number().optional(),
  /** State changes since it started, newest last (at most 20): what it went through. */
  history: z.array(z.object({ at: z.number(), state: TunnelStateSchema, detail: z.string().optional() })),
});
export type TunnelStatus = z.infer<typeof TunnelStatusSchema>;

export const TunnelEntrySchema = z.object({ spec: TunnelSpecSchema, status: TunnelStatusSchema });
export type TunnelEntry = z.infer<typeof TunnelEntrySchema>;

/** The common database and web ports a tunnel row offers shortcuts for. */
export function connectionHint(
  spec: Pick<TunnelSpec, 'remotePort' | 'kind'>,
  localPort: number,
  host = '127.0.0.1',
): { kind: 'browser' | 'connection-string'; text: string } | undefined {
  if (spec.kind !== 'port') return undefined;
  switch (spec.remotePort) {
    case 80:
    case 8080:
    case 3000:
    case 8000:
      return { kind: 'browser', text: `http://${host}:${localPort}/` };
    case 443:
    case 8443:
      return { kind: 'browser', text: `https://${host}:${localPort}/` };
    case 5432:
      return { kind: 'connection-string', text: `postgresql://USER@${host}:${localPort}/DATABASE` };
    case 3306:
      return { kind: 'connection-string', text: `mysql://USER@${host}:${localPort}/DATABASE` };
    case 6379:
      return { kind: 'connection-string', text: `redis://${host}:${localPort}` };
    default:
      return undefined;
  }
}
