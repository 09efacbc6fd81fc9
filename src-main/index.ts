/**
 * SSM Desk as a library: the typed functions the ssm-desk CLI and the desktop app are built on.
 * Everything talks to AWS through an AwsContext (profile, region, endpoint, credentials, proxy).
 * The emulator is its own entry (`ssm-desk/emulator`): this one never loads it, nor node-pty.
 * See docs/library.md.
 */
export { AwsContext, type AwsContextOptions, type AwsService } from './aws/aws-context.js';
export { AwsError, type AwsErrorCode } from './aws/aws-error.js';
export type { AwsWait } from './aws/aws-wait.js';
export {
  ssoDeviceLogin,
  type SsoAuthorizationPrompt,
  type SsoDeviceLoginOptions,
  type SsoLoginResult,
} from './aws/sso-device-login.js';
export {
  validateStartSession,
  validateSessionOptions,
  type StartSessionRequest,
} from './aws/session-request.js';
export { ClientError, type ClientErrorCode } from './client/client-error.js';
export { toErrorInfo, toSessionEndInfo } from './client/error-info.js';
export { isConnectable, type InstanceRecord } from './client/instance-record.js';
export {
  listInstances,
  clearInstanceCache,
  type ListError,
  type ListOptions,
  type ListResult,
} from './client/list-instances.js';
export { resolveTarget, type TargetResolution } from './client/resolve-target.js';
export { parseTargetQuery, matchTargets, type TargetQuery } from './client/target-resolver.js';
export { fuzzyFilter, fuzzyScore } from './client/fuzzy-match.js';
export { selectFleetTargets, type FleetSelection } from './client/fleet-targets.js';
export {
  startShell,
  ShellHandle,
  type ChannelStateInfo,
  type ShellEvents,
  type StartShellOptions,
} from './client/start-shell.js';
export { runCommand, type CommandResult, type RunCommandOptions } from './client/run-command.js';
export { remoteCommandLine, shellQuote } from './client/remote-command-line.js';
export {
  listDatabases,
  type DatabaseListError,
  type DatabaseListOptions,
  type DatabaseListResult,
} from './client/list-databases.js';
export { callerIdentity, type CallerIdentity } from './client/caller-identity.js';
export {
  startPortForward,
  type PortForward,
  type PortForwardEvents,
  type PortForwardOptions,
  type TunnelEvent,
  type TunnelState,
} from './client/start-port-forward.js';
export { HOLD_LIMIT_MS, type HeldConnectionsClosed, type RestartFailure } from './client/resilient-tunnel.js';
export {
  startSocksProxy,
  SocksProxy,
  type SocksProxyEvents,
  type SocksProxyOptions,
} from './client/socks-proxy.js';
export { parseForwardSpec, parseSocksSpec, type ForwardSpec } from './client/forward-spec.js';
export {
  listSessions,
  terminateSessions,
  type SessionSummary,
  type TerminateResult,
} from './client/session-list.js';
export { startSsmSession, terminateSsmSession, createSession } from './client/session-launcher.js';
export type { SessionEnd } from './sessions/session-type.js';
// Every layer's coded error, so callers can switch on `code` whichever layer a failure came from (a
// session that fails ends with a SessionError whose cause may be a TransportError or a ProtocolError).
export { SessionError, type SessionErrorCode } from './sessions/session-error.js';
export { TransportError, type TransportErrorCode } from './transport/transport-error.js';
export { ProtocolError, type ProtocolErrorCode } from './protocol/codec/protocol-error.js';
export type {
  DataChannelState,
  DataChannelStateEvent,
  DataChannelStateReason,
} from './transport/data-channel.js';
export type { TerminalSize } from './sessions/terminal-io.js';
export { LogFile, logDirectory, type LogFileOptions } from './logging/log-file.js';
export { LOG_LEVELS, type LogLevel } from './logging/log-level.js';
export { formatRedacted, redactText, redactValue } from './logging/redact.js';
export type { ErrorInfo } from '../src-shared/model/error-info.js';
export type { DatabaseRecord } from '../src-shared/model/database.js';
export type { SessionEndInfo } from '../src-shared/model/session-end.js';

import { AwsContext, type AwsContextOptions } from './aws/aws-context.js';

/** An AwsContext resolved the way the AWS CLI resolves profile, region, credentials and endpoints. */
export function createAwsContext(options: AwsContextOptions = {}): Promise<AwsContext> {
  return AwsContext.create(options);
}
