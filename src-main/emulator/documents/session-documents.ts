import type { SessionDocument } from '../model.js';

/** The real documents restrict separator prefixes so they cannot inject shell syntax or long noise. */
const SEPARATOR_PATTERN = '^[0-9a-zA-Z\\r\\n_:-]{0,30}$';

/**
 * The Session documents the simulated agent can run, mirroring the AWS-owned documents' parameters
 * and properties (spec §5 Properties, §10).
 */
export const SESSION_DOCUMENTS: readonly SessionDocument[] = [
  {
    name: 'SSM-SessionManagerRunShell',
    sessionType: 'Standard_Stream',
    parameters: {},
    properties: {},
  },
  {
    name: 'AWS-StartInteractiveCommand',
    sessionType: 'InteractiveCommands',
    parameters: { command: {} },
    properties: {
      linux: { commands: '{{ command }}', runAsElevated: false },
      windows: { commands: '{{ command }}', runAsElevated: false },
    },
  },
  {
    name: 'AWS-StartNonInteractiveCommand',
    sessionType: 'NonInteractiveCommands',
    parameters: {
      command: {},
      separateOutputStream: { default: 'true' },
      stdoutSeparatorPrefix: { default: '', allowedPattern: SEPARATOR_PATTERN },
      stderrSeparatorPrefix: { default: '', allowedPattern: SEPARATOR_PATTERN },
    },
    properties: {
      linux: {
        commands: '{{ command }}',
        runAsElevated: false,
        separateOutputStream: '{{ separateOutputStream }}',
        stdOutSeparatorPrefix: '{{ stdoutSeparatorPrefix }}',
        stdErrSeparatorPrefix: '{{ stderrSeparatorPrefix }}',
      },
      windows: {
        commands: '{{ command }}',
        runAsElevated: false,
        separateOutputStream: '{{ separateOutputStream }}',
        stdOutSeparatorPrefix: '{{ stdoutSeparatorPrefix }}',
        stdErrSeparatorPrefix: '{{ stderrSeparatorPrefix }}',
      },
    },
  },
  {
    name: 'AWS-StartPortForwardingSession',
    sessionType: 'Port',
    parameters: { portNumber: { default: '80' }, localPortNumber: { default: '0' } },
    properties: {
      portNumber: '{{ portNumber }}',
      type: 'LocalPortForwarding',
      localPortNumber: '{{ localPortNumber }}',
    },
  },
  {
    name: 'AWS-StartPortForwardingSessionToRemoteHost',
    sessionType: 'Port',
    parameters: { host: {}, portNumber: { default: '80' }, localPortNumber: { default: '0' } },
    properties: {
      host: '{{ host }}',
      portNumber: '{{ portNumber }}',
      type: 'LocalPortForwarding',
      localPortNumber: '{{ localPortNumber }}',
    },
  },
  {
    name: 'AWS-StartPortForwardingSessionToSocket',
    sessionType: 'Port',
    parameters: { localUnixSocket: {}, portNumber: { default: '80' }, host: { default: 'localhost' } },
    properties: {
      host: '{{ host }}',
      portNumber: '{{ portNumber }}',
      type: 'LocalPortForwarding',
      localConnectionType: 'unix',
      localUnixSocket: '{{ localUnixSocket }}',
    },
  },
  {
    name: 'AWS-StartSSHSession',
    sessionType: 'Port',
    parameters: { portNumber: { default: '22' } },
    properties: { portNumber: '{{ portNumber }}' },
  },
];

export function findSessionDocument(name: string): SessionDocument | undefined {
  return SESSION_DOCUMENTS.find((doc) => doc.name === name);
}

export type ResolvedParameters =
  | { ok: true; properties: Record<string, unknown>; parameters: Record<string, string[]> }
  | { ok: false; message: string };

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/**
 * Applies defaults, validates and substitutes StartSession parameters. Messages follow SSM's
 * InvalidParameters wording so a client that shows them looks the same as against AWS.
 */
export function resolveSessionParameters(
  doc: SessionDocument,
  parameters: Record<string, string[]>,
): ResolvedParameters {
  for (const name of Object.keys(parameters)) {
    if (!Object.hasOwn(doc.parameters, name)) {
      return { ok: false, message: `${name} is not a valid parameter for document ${doc.name}.` };
    }
  }
  const resolved: Record<string, string[]> = {};
  for (const [name, spec] of Object.entries(doc.parameters)) {
    const given = parameters[name];
    const values = given ?? (spec.default !== undefined ? [spec.default] : undefined);
    if (values === undefined || values.length === 0) {
      return {
        ok: false,
        message: `Parameters required: ${name} are not present. Provide values for all required parameters.`,
      };
    }
    if (spec.allowedPattern !== undefined) {
      const pattern = new RegExp(spec.allowedPattern);
      const bad = values.find((value) => !pattern.test(value));
      if (bad !== undefined) {
        return {
          ok: false,
          message: `Parameter "${name}" "${bad}" failed to satisfy constraint: Member must satisfy regular expression pattern: ${spec.allowedPattern}`,
        };
      }
    }
    resolved[name] = values;
  }
  return {
    ok: true,
    properties: substitute(doc.properties, resolved) as Record<string, unknown>,
    parameters: resolved,
  };
}

function substitute(value: unknown, parameters: Record<string, string[]>): unknown {
  if (typeof value === 'string') {
    // SSM joins list values with newlines when a placeholder stands inside a string.
    return value.replace(PLACEHOLDER, (whole, name: string) => parameters[name]?.join('\n') ?? whole);
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, parameters));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substitute(item, parameters)]),
    );
  }
  return value;
}
