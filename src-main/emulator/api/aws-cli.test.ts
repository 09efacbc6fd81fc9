import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultEmulatorConfig, generateInstances } from '../inventory/default-inventory.js';
import { startTestApi, type TestApi } from './test-server.js';

const AWS_CLI = '/usr/bin/aws';
const run = promisify(execFile);

const CLI_PRESENT = existsSync(AWS_CLI);

// Skipped, and the title says why, on machines without the AWS CLI v2 at /usr/bin/aws.
describe.skipIf(!CLI_PRESENT)(
  CLI_PRESENT ? 'AWS CLI v2 against the emulator' : 'AWS CLI v2 (skipped: /usr/bin/aws not installed)',
  () => {
    let api: TestApi;
    let home: string;

    beforeAll(async () => {
      const config = defaultEmulatorConfig();
      config.instances.push(...generateInstances(23, 'us-east-1'));
      api = await startTestApi(config);
      home = mkdtempSync(join(tmpdir(), 'ssm-desk-cli-'));
    });
    afterAll(async () => {
      await api.close();
      rmSync(home, { recursive: true, force: true });
    });

    const aws = async (...args: string[]) => {
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: home,
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'x',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
      };
      return run(AWS_CLI, [...args, '--endpoint-url', api.url, '--region', 'us-east-1', '--output', 'json'], {
        env,
      });
    };

    it('lists every instance with describe-instance-information', async () => {
      const { stdout } = await aws('ssm', 'describe-instance-information');
      const output = JSON.parse(stdout) as {
        InstanceInformationList: Array<{ InstanceId: string; PingStatus: string }>;
      };
      // 28 instances take three default pages of 10: the CLI must follow our NextToken to see them all.
      expect(output.InstanceInformationList).toHaveLength(28);
      expect(output.InstanceInformationList.map((i) => i.InstanceId).sort()).toEqual(
        api.instances
          .list()
          .filter((i) => i.region === 'us-east-1')
          .map((i) => i.instanceId)
          .sort(),
      );
    });

    it('surfaces TargetNotConnected from start-session', async () => {
      const failure = await aws('ssm', 'start-session', '--target', 'i-0e5f60718293a4b5c').then(
        () => undefined,
        (error: { stderr: string; code: number }) => error,
      );
      expect(failure?.code).not.toBe(0);
      expect(failure?.stderr).toContain(
        'An error occurred (TargetNotConnected) when calling the StartSession operation',
      );
    });
  },
);
