import { decodeStartSessionResponse, type StartSessionResponse } from './go-json-error.js';

/**
 * How the AWS CLI calls session-manager-plugin (spec §9), as a discriminated union. Parsing never
 * throws; every way the argv can be wrong maps to what the Go plugin prints for it.
 */
export type PluginInvocation =
  | { kind: 'installed' }
  | { kind: 'version' }
  | { kind: 'unknown-operation'; operation: string }
  | { kind: 'invalid-operation' }
  /** json.Unmarshal failed: printed as "Cannot perform start session: <error>", exit 0. */
  | { kind: 'bad-response'; error: string }
  /** No usable Target: the Go plugin panics here (exit 2); we print one line instead. */
  | { kind: 'missing-target'; error: string }
  | {
      kind: 'start';
      response: StartSessionResponse;
      region: string;
      /** '' means the default profile. */
      profile: string;
      target: string;
      /** SSM endpoint for ResumeSession/TerminateSession; '' in the legacy form. */
      endpoint: string;
      /** The 4-argument legacy form: no profile, parameters or endpoint, and no KMS encryption. */
      legacy: boolean;
    };

export const RESPONSE_ENV_NAME = 'AWS_SSM_START_SESSION_RESPONSE';

/**
 * `argv` excludes the node binary and script (argv[0] of the Go program is not included either).
 * `env` is read for the environment form and the variable is deleted from it afterwards (§9).
 */
export function parsePluginArgv(argv: readonly string[], env: NodeJS.ProcessEnv): PluginInvocation {
  if (argv.length === 0) return { kind: 'installed' };
  const first = argv[0] as string;
  if (argv.length === 1 && first === '--version') return { kind: 'version' };
  if (argv.length < 3) return { kind: 'unknown-operation', operation: first };

  let responseText = first;
  if (first.startsWith(RESPONSE_ENV_NAME)) {
    // The whole argument is the variable's name; read it, then remove it so children never see it.
    responseText = env[first] ?? '';
    delete env[first];
  }
  // The Go plugin reads Target before it looks at the operation or the response, and panics when
  // it is missing; keep that order so the same inputs fail the same way.
  const legacy = argv.length === 3;
  let target = '';
  if (!legacy) {
    const parameters = parseParameters(argv[4]);
    if (parameters === undefined) {
      return { kind: 'missing-target', error: 'the StartSession parameters argument has no "Target"' };
    }
    target = parameters;
  }
  if (argv[2] !== 'StartSession') return { kind: 'invalid-operation' };

  const decoded = decodeStartSessionResponse(responseText);
  if (!decoded.ok) return { kind: 'bad-response', error: decoded.error };
  const region = argv[1] as string;
  return {
    kind: 'start',
    response: decoded.value,
    region,
    profile: argv[3] ?? '',
    target,
    endpoint: argv[5] ?? '',
    legacy,
  };
}

/** From the StartSession request parameters the plugin uses only Target (§9). */
function parseParameters(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const target = (value as Record<string, unknown>).Target;
    return typeof target === 'string' ? target : undefined;
  } catch {
    return undefined;
  }
}
