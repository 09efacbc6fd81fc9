// Vitest setup file (vitest.config.ts, both projects). Does nothing unless .ci/run-tests.mjs set
// SSM_DESK_COVERAGE_DIR to measure coverage over the whole suite (.ci/coverage-tools/coverage.mjs).
//
// The CLI and the plugin run as `node dist/src-main/{cli,plugin}/main.js` in child processes, started by
// the tests, by the AWS CLI or by ssh's ProxyCommand. Node writes a process's V8 coverage where
// NODE_V8_COVERAGE points, but most tests give their children a minimal environment (PATH, HOME, …),
// so a variable set once for the run would not reach them. This adds it to every environment a test
// passes to child_process, and to this process's own for children that inherit it; grandchildren (the
// AWS CLI's plugin) inherit it from there. Nothing else the child sees changes.
import childProcess from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';

type Callable = (...args: unknown[]) => unknown;
type WithPromisified = Callable & { [promisify.custom]?: Callable };

const coverageDir = process.env.SSM_DESK_COVERAGE_DIR;
const installed = Symbol.for('ssm-desk.ci.child-process-coverage');
const state = globalThis as { [installed]?: true };

// A worker may run several test files: patch once per process.
if (coverageDir && !state[installed]) {
  state[installed] = true;
  const dir = join(coverageDir, 'node');
  mkdirSync(dir, { recursive: true });
  process.env.NODE_V8_COVERAGE = dir;

  /** The arguments with NODE_V8_COVERAGE added to the options' env, if the caller passed one. */
  const withCoverageEnv = (args: unknown[]): unknown[] => {
    // Every child_process function takes (command, [args], [options], [callback]): the options are
    // the first plain object after the command.
    const index = args.findIndex(
      (arg, i) => i > 0 && typeof arg === 'object' && arg !== null && !Array.isArray(arg),
    );
    if (index < 0) return args;
    const options = args[index] as { env?: NodeJS.ProcessEnv };
    if (!options.env || options.env.NODE_V8_COVERAGE !== undefined) return args;
    const copy = [...args];
    copy[index] = { ...options, env: { ...options.env, NODE_V8_COVERAGE: dir } };
    return copy;
  };

  const module = childProcess as unknown as Record<string, WithPromisified>;
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
    const original = module[name];
    if (typeof original !== 'function') continue;
    const wrapped: WithPromisified = function (this: unknown, ...args: unknown[]) {
      return original.apply(this, withCoverageEnv(args));
    };
    // promisify(exec) and promisify(execFile) resolve to {stdout, stderr} through this hook.
    const custom = original[promisify.custom];
    if (custom) wrapped[promisify.custom] = (...args: unknown[]) => custom(...withCoverageEnv(args));
    module[name] = wrapped;
  }
  // `import { spawn } from 'node:child_process'` reads these bindings, not the object above.
  syncBuiltinESMExports();
}
