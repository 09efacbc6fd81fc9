import { UsageError } from './cli-errors.js';

export type FlagKind = 'string' | 'boolean' | 'list';

export interface FlagSpec {
  kind: FlagKind;
  /** One-letter alias, e.g. 'h' for --help. */
  short?: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

export interface ParsedFlags {
  strings: Map<string, string>;
  booleans: Set<string>;
  lists: Map<string, string[]>;
  positionals: string[];
  /** Everything after a lone `--`, untouched (exec's remote command). */
  afterDashDash: string[] | undefined;
}

/**
 * A small, strict argv parser: `--name value`, `--name=value`, `-x`, repeatable list flags and a `--`
 * terminator. Unknown flags and missing values are usage errors with one-line messages.
 */
export function parseFlags(argv: readonly string[], specs: FlagSpecs): ParsedFlags {
  const parsed: ParsedFlags = {
    strings: new Map(),
    booleans: new Set(),
    lists: new Map(),
    positionals: [],
    afterDashDash: undefined,
  };
  const byShort = new Map(
    Object.entries(specs).flatMap(([name, spec]) => (spec.short ? [[spec.short, name] as const] : [])),
  );
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i] as string;
    if (argument === '--') {
      parsed.afterDashDash = argv.slice(i + 1);
      break;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (argument.startsWith('--')) {
      const eq = argument.indexOf('=');
      name = eq >= 0 ? argument.slice(2, eq) : argument.slice(2);
      inline = eq >= 0 ? argument.slice(eq + 1) : undefined;
    } else if (/^-[A-Za-z]$/.test(argument)) {
      name = byShort.get(argument.slice(1));
      if (!name) throw new UsageError(`unknown option ${argument}`);
    } else {
      parsed.positionals.push(argument);
      continue;
    }
    const spec = specs[name];
    if (!spec) throw new UsageError(`unknown option --${name}`);
    if (spec.kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      parsed.booleans.add(name);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`--${name} needs a value`);
    }
    if (value === '') throw new UsageError(`--${name} needs a non-empty value`);
    if (spec.kind === 'string') {
      if (parsed.strings.has(name)) throw new UsageError(`--${name} given more than once`);
      parsed.strings.set(name, value);
    } else {
      const list = parsed.lists.get(name) ?? [];
      list.push(value);
      parsed.lists.set(name, list);
    }
  }
  return parsed;
}
