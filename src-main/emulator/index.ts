/**
 * The emulator as a library (`ssm-desk/emulator`): a local AWS side for Session Manager clients, with
 * the SSM/EC2/KMS/STS/SSO/RDS APIs, the data channel and simulated agents on one loopback port. Kept
 * apart from the client library's entry so that the client never loads the emulator or node-pty.
 * See docs/emulator.md.
 */
export { Emulator, type EmulatorStartOptions, type EmulatorTlsOptions } from './emulator.js';
export { createEmulatorLock, CONTROL_SECRET_HEADER, type EmulatorLock } from './api/emulator-lock.js';
export { defaultEmulatorConfig } from './inventory/default-inventory.js';
export { DATABASE_ENGINES, type DatabaseEngine, type DatabaseSeed } from './inventory/databases.js';
export { loadEmulatorConfig, parseEmulatorConfig, EmulatorConfigError } from './inventory/load-config.js';
export type {
  EmulatedDatabase,
  EmulatorConfig,
  EmulatedInstance,
  FaultSettings,
  RegionFailure,
  SessionPreferences,
} from './model.js';
