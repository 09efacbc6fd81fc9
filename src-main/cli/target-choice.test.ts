import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AwsContext } from '../aws/aws-context.js';
import type { InstanceRecord } from '../client/instance-record.js';
import type { ListError } from '../client/list-instances.js';
import type { TargetResolution } from '../client/resolve-target.js';
import { CommandRuntime } from './command-runtime.js';
import { chooseTarget, listingFailure } from './target-choice.js';

const resolution: { next: TargetResolution | undefined } = { next: undefined };

vi.mock('../client/resolve-target.js', () => ({
  resolveTarget: (): Promise<TargetResolution | undefined> => Promise.resolve(resolution.next),
}));

const scope = (region: string, profile?: string): AwsContext =>
  ({ region, profile }) as Pick<AwsContext, 'region' | 'profile'> as AwsContext;
const failed = (region: string, message: string, profile?: string): ListError => ({
  region,
  profile,
  code: 'access-denied',
  message,
});

function record(instanceId: string, name: string, region: string): InstanceRecord {
  return {
    instanceId,
    name,
    tags: { Name: name },
    state: 'running',
    pingStatus: 'Online',
    platformType: 'Linux',
    platformName: undefined,
    platformVersion: undefined,
    agentVersion: undefined,
    privateIpAddress: undefined,
    privateDnsName: undefined,
    instanceType: undefined,
    region,
    profile: undefined,
    managed: true,
  };
}

describe('listingFailure', () => {
  it('is undefined when nothing failed, or when at least one scope answered', () => {
    expect(listingFailure([scope('us-east-1')], [])).toBeUndefined();
    const both = [scope('us-east-1'), scope('eu-west-1')];
    expect(listingFailure(both, [failed('us-east-1', 'boom')])).toBeUndefined();
  });

  it('one line naming the scopes when every scope failed the same way', () => {
    expect(listingFailure([scope('us-east-1')], [failed('us-east-1', 'self-signed certificate')])).toBe(
      'cannot list instances in us-east-1: self-signed certificate',
    );
    const both = [scope('us-east-1'), scope('eu-west-1')];
    expect(listingFailure(both, [failed('us-east-1', 'refused'), failed('eu-west-1', 'refused')])).toBe(
      'cannot list instances in us-east-1, eu-west-1: refused',
    );
  });

  it('different errors are joined on the one line, with profiles when several were listed', () => {
    const contexts = [scope('us-east-1', 'dev'), scope('us-east-1', 'prod')];
    expect(
      listingFailure(contexts, [
        failed('us-east-1', 'expired', 'dev'),
        failed('us-east-1', 'denied', 'prod'),
      ]),
    ).toBe('cannot list instances: us-east-1 (profile dev): expired; us-east-1 (profile prod): denied');
  });
});

describe('chooseTarget when listing fails', () => {
  let stderr: string;
  let runtime: CommandRuntime;

  beforeEach(() => {
    stderr = '';
    const err = new Writable({
      write(chunk: Buffer, _encoding, done): void {
        stderr += chunk.toString();
        done();
      },
    });
    runtime = new CommandRuntime(
      'exec',
      { profiles: [], regions: [], json: false, logLevel: 'warn' },
      {
        stdout: new PassThrough() as unknown as NodeJS.WriteStream,
        stderr: err as unknown as NodeJS.WriteStream,
        stdin: new PassThrough() as unknown as NodeJS.ReadStream,
        env: { SSM_DESK_LOG_DIR: mkdtempSync(join(tmpdir(), 'ssm-desk-target-choice-')) },
        isTTY: false,
        color: false,
      },
    );
  });

  it('every region failed: one error and no per-region warning on stderr', async () => {
    const contexts = [scope('us-east-1')];
    resolution.next = {
      query: { kind: 'name', name: 'web-1' },
      candidates: [],
      instances: [],
      errors: [failed('us-east-1', 'unable to verify the first certificate')],
    };
    await expect(chooseTarget(runtime, contexts, 'web-1', false)).rejects.toThrow(
      /^cannot list instances in us-east-1: unable to verify the first certificate$/,
    );
    expect(stderr).toBe('');
  });

  it('no target given and every region failed: the listing error, not "no instances"', async () => {
    resolution.next = {
      query: undefined,
      candidates: [],
      instances: [],
      errors: [failed('us-east-1', 'refused'), failed('eu-west-1', 'refused')],
    };
    await expect(
      chooseTarget(runtime, [scope('us-east-1'), scope('eu-west-1')], undefined, false),
    ).rejects.toThrow(/^cannot list instances in us-east-1, eu-west-1: refused$/);
    expect(stderr).toBe('');
  });

  it('another region answered: the failed one stays a warning and the target resolves', async () => {
    const web1 = record('i-0a1b2c3d4e5f60718', 'web-1', 'us-east-1');
    const contexts = [scope('us-east-1'), scope('eu-west-1')];
    resolution.next = {
      query: { kind: 'name', name: 'web-1' },
      candidates: [web1],
      instances: [web1],
      errors: [failed('eu-west-1', 'refused')],
    };
    const chosen = await chooseTarget(runtime, contexts, 'web-1', false);
    expect(chosen.instance.instanceId).toBe(web1.instanceId);
    expect(chosen.context).toBe(contexts[0]);
    expect(stderr).toBe('ssm-desk: eu-west-1: refused\n');
  });

  it('another region answered but nothing matched: the warning, then "no instance matches"', async () => {
    resolution.next = {
      query: { kind: 'name', name: 'nope' },
      candidates: [],
      instances: [record('i-0a1b2c3d4e5f60718', 'web-1', 'us-east-1')],
      errors: [failed('eu-west-1', 'refused')],
    };
    await expect(
      chooseTarget(runtime, [scope('us-east-1'), scope('eu-west-1')], 'nope', false),
    ).rejects.toThrow(/^no instance matches "nope"/);
    expect(stderr).toBe('ssm-desk: eu-west-1: refused\n');
  });
});
