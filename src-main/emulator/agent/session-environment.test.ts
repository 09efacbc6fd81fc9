import { SSMClient, StartSessionCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayloadType } from '../../protocol/codec/message-type.js';
import { Emulator } from '../emulator.js';
import { RawDataChannel } from '../testing/raw-data-channel.js';
import type { AgentPluginContext } from './agent-plugin.js';
import { CommandPlugin } from './command-plugin.js';
import { sessionEnvironment } from './session-environment.js';

/** Variables a user's own shell typically holds that no emulated session may see. */
const USER_SECRETS: Record<string, string> = {
  AWS_ACCESS_KEY_ID: 'AKIAUSERSOWNKEY00001',
  AWS_SECRET_ACCESS_KEY: 'users-own-secret-key-value',
  AWS_SESSION_TOKEN: 'users-own-session-token',
  AWS_PROFILE: 'production',
  GITHUB_TOKEN: 'ghp_userstoken',
  NPM_CONFIG__AUTH: 'npm-auth',
  SSH_AUTH_SOCK: '/tmp/ssh-agent.sock',
  MY_API_KEY: 'api-key-value',
  DB_PASSWORD: 'hunter2',
  LC_SECRET_TOKEN: 'smuggled-through-lc',
};

describe('sessionEnvironment', () => {
  it('keeps only what a login shell needs, drops anything secret-looking, then adds the agent variables', () => {
    const env = sessionEnvironment(
      {
        ...USER_SECRETS,
        PATH: '/usr/bin:/bin',
        HOME: '/home/me',
        LANG: 'en_GB.UTF-8',
        LC_ALL: 'en_GB.UTF-8',
        TERM: 'screen',
        USER: 'me',
        LOGNAME: 'me',
        SHELL: '/bin/bash',
        EDITOR: 'vim',
        NODE_OPTIONS: '--inspect',
      },
      { TERM: 'xterm-256color' },
    );
    expect(env).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/me',
      LANG: 'en_GB.UTF-8',
      LC_ALL: 'en_GB.UTF-8',
      TERM: 'xterm-256color',
      USER: 'me',
      LOGNAME: 'me',
      SHELL: '/bin/bash',
    });
  });

  it('gives a PATH and a UTF-8 LANG when the parent has none', () => {
    expect(sessionEnvironment({})).toEqual({ PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' });
  });
});

describe('processes the simulated agent starts never see the emulator process credentials', () => {
  const saved: Record<string, string | undefined> = {};
  let emulator: Emulator;

  beforeAll(async () => {
    for (const [name, value] of Object.entries(USER_SECRETS)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    emulator = await Emulator.start();
  });
  afterAll(async () => {
    await emulator.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const expectNoSecrets = (output: string): void => {
    for (const [name, value] of Object.entries(USER_SECRETS)) {
      expect(output).not.toContain(name);
      expect(output).not.toContain(value);
    }
  };

  it('a shell session: `env` shows PATH and TERM but none of the user variables', async () => {
    const ssm = new SSMClient({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const started = await ssm.send(new StartSessionCommand({ Target: 'i-0a1b2c3d4e5f60718' }));
    ssm.destroy();
    const channel = await RawDataChannel.open(started.StreamUrl!, started.TokenValue!);
    try {
      channel.send(PayloadType.Output, 'env; echo "END""-OF-ENV"\r');
      await channel.until(() => channel.text.includes('END-OF-ENV'), 15_000, 'the end of env');
      expect(channel.text).toMatch(/^PATH=/m);
      expect(channel.text).toMatch(/^TERM=xterm-256color\r?$/m);
      expectNoSecrets(channel.text);
    } finally {
      channel.close();
    }
  });

  it('a non-interactive command: `env` run without a shell', async () => {
    const sent: Array<{ type: number; text: string }> = [];
    const finished = new Promise<void>((resolve) => {
      const context: AgentPluginContext = {
        sessionId: 'test-session',
        instanceId: 'i-0a1b2c3d4e5f60718',
        properties: { linux: { commands: 'env', separateOutputStream: 'true' } },
        clientVersion: '1.2.707.0',
        pace: 'fast',
        resolveDestination: (host, port) => ({ host, port }),
        send: (type, payload) => sent.push({ type, text: payload.toString('utf8') }),
        isActive: () => true,
        ready: () => undefined,
        finish: () => resolve(),
        log: () => undefined,
      };
      new CommandPlugin(context).start();
    });
    await finished;
    const output = sent
      .filter((m) => m.type === PayloadType.Output)
      .map((m) => m.text)
      .join('');
    expect(output).toMatch(/^PATH=/m);
    expectNoSecrets(output);
    expect(sent.at(-1)).toEqual({ type: PayloadType.ExitCode, text: 'EXIT_CODE: 0' });
  });
});
