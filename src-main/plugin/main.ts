#!/usr/bin/env node
/**
 * session-manager-plugin: a drop-in replacement for AWS's Go binary, called by the AWS CLI exactly as
 * that binary is (spec §9). This entry module stays tiny so `--version` (which the AWS CLI runs before
 * every session) starts fast: the engine and the AWS SDK are imported only when a session starts.
 */
import { PLUGIN_VERSION } from '../../src-shared/version.js';
import { parsePluginArgv } from './plugin-argv.js';
import { PluginText } from './plugin-texts.js';
import { quietProcessWarnings } from '../logging/process-warnings.js';

/** Writes to stdout and exits once it is flushed (stdout may be a pipe, where writes are async). */
function finish(text: string, status = 0): void {
  if (text === '') process.exit(status);
  process.stdout.write(text, () => process.exit(status));
}

const invocation = parsePluginArgv(process.argv.slice(2), process.env);
switch (invocation.kind) {
  case 'installed':
    finish(PluginText.installed);
    break;
  case 'version':
    finish(`${PLUGIN_VERSION}\n`);
    break;
  case 'unknown-operation':
    finish(PluginText.unknownOperation(invocation.operation));
    break;
  case 'invalid-operation':
    finish(PluginText.invalidOperation);
    break;
  case 'bad-response':
    finish(PluginText.cannotStart(invocation.error));
    break;
  case 'missing-target':
    // The Go plugin panics here (exit status 2) with a stack trace; we keep the status, not the trace.
    process.stderr.write(`session-manager-plugin: ${invocation.error}\n`, () => process.exit(2));
    break;
  case 'start':
    // The AWS CLI shows our stderr to its user: the SDK's Node-version notice is not theirs to act on.
    quietProcessWarnings('session-manager-plugin');
    // No top-level await: the bundled plugin is a CommonJS file (src-main/app/scripts/bundle-cli.mjs).
    void import('./run-plugin-session.js')
      .then(({ runPluginSession }) => runPluginSession(invocation))
      .then((outcome) => finish(outcome.text, outcome.status));
    break;
}
