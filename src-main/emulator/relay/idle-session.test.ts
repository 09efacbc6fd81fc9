import { DescribeSessionsCommand, SSMClient, StartSessionCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../emulator.js';
import { defaultEmulatorConfig } from '../inventory/default-inventory.js';
import { RawDataChannel } from '../testing/raw-data-channel.js';
import { IDLE_TIMEOUT_TEXT } from './idle-timeout.js';

const WEB_1 = 'i-0a1b2c3d4e5f60718';
/** Longer than the agent's 1 s delay before the first prompt, so the prompt's acks fall inside it. */
const IDLE_SECONDS = 1.5;

describe('the service ends idle sessions (idle session timeout)', () => {
  let emulator: Emulator;
  let ssm: SSMClient;

  beforeAll(async () => {
    const config = defaultEmulatorConfig();
    config.preferences.idleSessionTimeoutSeconds = IDLE_SECONDS;
    emulator = await Emulator.start({ config });
    ssm = new SSMClient({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    ssm.destroy();
    await emulator.close();
  });

  const open = async (): Promise<{ channel: RawDataChannel; sessionId: string; startedAt: number }> => {
    const started = await ssm.send(new StartSessionCommand({ Target: WEB_1 }));
    const channel = await RawDataChannel.open(started.StreamUrl!, started.TokenValue!);
    return { channel, sessionId: started.SessionId!, startedAt: Date.now() };
  };

  it('a session without input ends with the service text, even while output is acknowledged', async () => {
    const { channel, sessionId, startedAt } = await open();
    try {
      // The shell's prompt arrives and is acknowledged: acknowledgements are not activity.
      await channel.until(() => channel.text.length > 0, 10_000, 'the first prompt');
      await channel.until(() => channel.channelClosed !== undefined, 10_000, 'channel_closed');
      expect(channel.channelClosed).toBe(IDLE_TIMEOUT_TEXT);
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(IDLE_SECONDS * 1000 - 50);
      const history = await ssm.send(
        new DescribeSessionsCommand({ State: 'History', Filters: [{ key: 'SessionId', value: sessionId }] }),
      );
      expect(history.Sessions?.[0]?.Status).toBe('Terminated');
    } finally {
      channel.close();
    }
  });

  it('input keeps it up: a size message (the keepalive) every 250 ms for three timeouts, then silence ends it', async () => {
    const { channel } = await open();
    try {
      const keepalive = setInterval(() => channel.sendSize(80, 24), 250);
      try {
        // Not a wait for something to happen: the claim is that nothing happens for this long.
        await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 3000));
        expect(channel.channelClosed).toBeUndefined();
        expect(channel.isOpen).toBe(true);
      } finally {
        clearInterval(keepalive);
      }
      const silentFrom = Date.now();
      channel.send(1, 'echo still-here\r');
      await channel.until(() => channel.text.includes('still-here'), 10_000, 'the echo');
      await channel.until(() => channel.channelClosed !== undefined, 10_000, 'channel_closed');
      expect(channel.channelClosed).toBe(IDLE_TIMEOUT_TEXT);
      expect(Date.now() - silentFrom).toBeGreaterThanOrEqual(IDLE_SECONDS * 1000 - 50);
    } finally {
      channel.close();
    }
  });
});
