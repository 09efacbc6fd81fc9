import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEmulatorLock,
  defaultEmulatorConfig,
  Emulator,
  type EmulatorConfig,
} from '../../emulator/index.js';
import { launchSecret } from './profile-directory.js';

export interface RunningEmulator {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** For the emulator's control routes (tests inject faults with it). */
  readonly controlSecret: string;
  /** An empty folder standing in for HOME, so no AWS file of the user's is read for it. */
  readonly scratchDirectory: string;
  readonly emulator: Emulator;
}

/**
 * The built-in emulator behind the "Local emulator" profile, started on first use. It is locked to
 * this launch: it listens on 127.0.0.1 only and answers only requests signed with this launch's
 * random access key, so other local users and programs cannot use it.
 */
export class EmbeddedEmulator {
  private running: Promise<RunningEmulator> | undefined;

  constructor(
    private readonly log: (line: string) => void = () => undefined,
    /** The inventory (default: the built-in one, docs/emulator.md). */
    private readonly config: EmulatorConfig = defaultEmulatorConfig(),
  ) {}

  /** The regions its instances are in, known before it starts (for the profile list). */
  get regions(): string[] {
    return [...new Set(this.config.instances.map((i) => i.region))].sort((a, b) =>
      a === 'us-east-1' ? -1 : b === 'us-east-1' ? 1 : a.localeCompare(b),
    );
  }

  get started(): boolean {
    return this.running !== undefined;
  }

  ensureStarted(): Promise<RunningEmulator> {
    this.running ??= this.start();
    this.running.catch(() => (this.running = undefined));
    return this.running;
  }

  /** The running emulator, if it was started (tests use it to inject faults). */
  async current(): Promise<Emulator | undefined> {
    return (await this.running)?.emulator;
  }

  async close(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    const { emulator, scratchDirectory } = await running;
    await emulator.close();
    await rm(scratchDirectory, { recursive: true, force: true });
  }

  private async start(): Promise<RunningEmulator> {
    const lock = createEmulatorLock();
    const scratchDirectory = await mkdtemp(join(tmpdir(), 'ssm-desk-emulator-'));
    const emulator = await Emulator.start({ port: 0, log: this.log, lock, config: this.config });
    return {
      endpoint: emulator.endpoint,
      accessKeyId: lock.accessKeyId,
      // Never checked (signatures are not verified); random all the same, as a key would be.
      secretAccessKey: launchSecret(30),
      controlSecret: lock.controlSecret,
      scratchDirectory,
      emulator,
    };
  }
}
