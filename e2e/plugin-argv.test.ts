import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PLUGIN_MAIN } from './support/aws-cli.js';

// Issue 2 §7f: every argv form the Go plugin defines, and bad input, through the built binary.
const response = '{"SessionId": "s-1", "TokenValue": "t", "StreamUrl": "not a url"}';
const params = '{"Target": "i-0123456789abcdef0"}';

function plugin(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [PLUGIN_MAIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    input: '',
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const cases: { name: string; args: string[]; env?: NodeJS.ProcessEnv; status: number; output: RegExp }[] = [
  {
    name: 'no arguments',
    args: [],
    status: 0,
    output:
      /^\nThe Session Manager plugin was installed successfully\. Use the AWS CLI to start a session\.\n\n$/,
  },
  { name: '--version', args: ['--version'], status: 0, output: /^\d+\.\d+\.\d+\.\d+\n$/ },
  {
    name: 'unknown operation',
    args: ['frobnicate', 'x'],
    status: 0,
    output:
      /^\nUnknown operation frobnicate\. \nUse session-manager-plugin --version to check the version\.\n\n$/,
  },
  {
    name: 'an operation other than StartSession',
    args: [response, 'us-east-1', 'StopSession', '', params, 'https://ssm.us-east-1.amazonaws.com'],
    status: 0,
    output: /^Invalid Operation$/,
  },
  {
    name: 'garbage response JSON (full form)',
    args: ['garbage', 'us-east-1', 'StartSession', '', params, 'https://ssm.us-east-1.amazonaws.com'],
    status: 0,
    output: /^Cannot perform start session: invalid character 'g' looking for beginning of value\n$/,
  },
  {
    name: 'garbage response JSON (legacy 4-entry form)',
    args: ['{"SessionId": 7', 'us-east-1', 'StartSession'],
    status: 0,
    output: /^Cannot perform start session: .+\n$/,
  },
  {
    name: 'garbage JSON in the environment form',
    args: [
      'AWS_SSM_START_SESSION_RESPONSE',
      'us-east-1',
      'StartSession',
      '',
      params,
      'https://ssm.us-east-1.amazonaws.com',
    ],
    env: { AWS_SSM_START_SESSION_RESPONSE: '{oops' },
    status: 0,
    output:
      /^Cannot perform start session: invalid character 'o' looking for beginning of object key string\n$/,
  },
  {
    name: 'a StreamUrl that is not a URL',
    args: [response, 'us-east-1', 'StartSession', '', params, 'https://ssm.us-east-1.amazonaws.com'],
    status: 0,
    output: /^Cannot perform start session: StreamUrl is not a URL: "not a url"\n$/,
  },
];

describe('session-manager-plugin argv forms (built binary)', () => {
  for (const testCase of cases) {
    it(`${testCase.name}: the Go plugin's text, exit ${testCase.status}, nothing on stderr`, () => {
      const result = plugin(testCase.args, testCase.env);
      expect(result.stdout).toMatch(testCase.output);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(testCase.status);
    });
  }

  it('missing Target: one line on stderr, exit 2 as the Go panic, no stack trace', () => {
    for (const parameters of ['{}', 'not json']) {
      const result = plugin([
        response,
        'us-east-1',
        'StartSession',
        '',
        parameters,
        'https://ssm.us-east-1.amazonaws.com',
      ]);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
