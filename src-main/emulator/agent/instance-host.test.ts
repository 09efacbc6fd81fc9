import { existsSync } from 'node:fs';
import { SSMClient, StartSessionCommand, TerminateSessionCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayloadType } from '../../protocol/codec/message-type.js';
import { Emulator } from '../emulator.js';
import { defaultEmulatorConfig } from '../inventory/default-inventory.js';
import { RawDataChannel } from '../testing/raw-data-channel.js';
import type { AgentPluginContext } from './agent-plugin.js';
import { CommandPlugin } from './command-plugin.js';
import { HostCommands, instanceHost } from './instance-host.js';

/** Runs `command` as a non-interactive command session would, in `environment`; its stdout. */
async function runCommand(command: string, environment: Record<string, string>): Promise<string> {
  const sent: Array<{ type: number; text: string }> = [];
  await new Promise<void>((resolve) => {
    const context: AgentPluginContext = {
      sessionId: 'test-session',
      instanceId: 'i-0a1b2c3d4e5f60718',
      properties: { linux: { commands: command, separateOutputStream: 'true' } },
      clientVersion: '1.2.707.0',
      environment,
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
  return sent
    .filter((m) => m.type === PayloadType.Output)
    .map((m) => m.text)
    .join('');
}

describe('each emulated instance answers hostname as itself', () => {
  it('hostname and its -s, -f, -i, -d forms, and HOSTNAME, from the instance; the folder goes with dispose()', async () => {
    const commands = HostCommands.create(instanceHost('ip-10-1-2-3.eu-west-1.compute.internal', '10.1.2.3'));
    try {
      const environment = { ...commands.environment('/usr/bin:/bin'), LANG: 'C.UTF-8' };
      expect(environment).toEqual({
        HOSTNAME: 'ip-10-1-2-3',
        PATH: `${commands.directory}:/usr/bin:/bin`,
        LANG: 'C.UTF-8',
      });
      const output = await runCommand(
        `sh -c 'hostname; hostname -s; hostname -f; hostname -i; hostname -d; echo "$HOSTNAME"'`,
        environment,
      );
      expect(output).toBe(
        'ip-10-1-2-3\nip-10-1-2-3\nip-10-1-2-3.eu-west-1.compute.internal\n10.1.2.3\neu-west-1.compute.internal\nip-10-1-2-3\n',
      );
      // Without a shell too: the agent runs the words directly, found on the session's PATH.
      expect(await runCommand('hostname', environment)).toBe('ip-10-1-2-3\n');
    } finally {
      commands.dispose();
    }
    expect(existsSync(commands.directory)).toBe(false);
  });

  describe('through the emulator: three shells on three instances', () => {
    let emulator: Emulator;
    let ssm: SSMClient;
    beforeAll(async () => {
      emulator = await Emulator.start({ config: defaultEmulatorConfig() });
      ssm = new SSMClient({
        endpoint: emulator.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
        maxAttempts: 1,
      });
    });
    afterAll(async () => {
      ssm?.destroy();
      await emulator?.close();
    });

    it('each shell says its own instance’s host name, and its folder is removed when the session ends', async () => {
      const instances = emulator.config.instances
        .filter((i) => i.online && i.region === 'us-east-1')
        .slice(0, 3);
      expect(new Set(instances.map((i) => i.privateDnsName)).size).toBe(3);
      for (const instance of instances) {
        const started = await ssm.send(new StartSessionCommand({ Target: instance.instanceId }));
        const channel = await RawDataChannel.open(started.StreamUrl!, started.TokenValue!);
        try {
          channel.send(
            PayloadType.Output,
            'echo "N""AME=$(hostname) ENV=$HOSTNAME BIN=$(command -v hostname)"\r',
          );
          await channel.until(() => /NAME=\S+ ENV=\S+ BIN=\S+/.test(channel.text), 15_000, 'the answer');
          const [, name, env, bin] = /NAME=(\S+) ENV=(\S+) BIN=(\S+)/.exec(channel.text) ?? [];
          const expected = instance.privateDnsName.split('.')[0];
          expect([name, env]).toEqual([expected, expected]);
          expect(existsSync(bin!)).toBe(true);
          await ssm.send(new TerminateSessionCommand({ SessionId: started.SessionId }));
          await channel.until(() => !existsSync(bin!), 15_000, 'the folder to go');
        } finally {
          channel.close();
        }
      }
    });
  });
});
