import { readFileSync } from 'node:fs';
import type {
  EmulatedInstance,
  EmulatorConfig,
  FaultSettings,
  RegionFailure,
  SessionPreferences,
  SsoSettings,
} from '../model.js';
import { REGION_FAILURES } from '../api/region-failures.js';
import { generateInstances, DEFAULT_CALLER_ARN } from './default-inventory.js';
import { completeDatabase, DATABASE_ENGINES, type DatabaseEngine, type DatabaseSeed } from './databases.js';
import { splitHostPort } from './host-map.js';
import { completeInstance, type InstanceSeed } from './instance-defaults.js';

/** A config problem, always one line naming the file and the offending field. */
export class EmulatorConfigError extends Error {
  override readonly name = 'EmulatorConfigError';
}

type Json = Record<string, unknown>;

const INSTANCE_ID = /^(i|mi)-[0-9a-f]{8,17}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const VERSION = /^\d+(\.\d+){1,3}$/;
const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const PLATFORMS = ['Linux', 'Windows', 'MacOS'] as const;
const STATES = ['pending', 'running', 'stopping', 'stopped', 'terminated'] as const;
const MAX_GENERATED = 100_000;

/**
 * Reads an emulator config file (JSON, as the emulator's `--config` takes it) and checks every field,
 * for Emulator.start({ config }). An unreadable file, bad JSON or a bad field throws an
 * EmulatorConfigError, one line naming the file and the field.
 */
export function loadEmulatorConfig(path: string): EmulatorConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EmulatorConfigError(`${path}: cannot read the file${code ? ` (${code})` : ''}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EmulatorConfigError(`${path}: not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  return parseEmulatorConfig(value, path);
}

/** Validates a parsed config; `source` names it in error messages (a file path, or e.g. "request"). */
export function parseEmulatorConfig(value: unknown, source: string): EmulatorConfig {
  const check = new Checker(source);
  const root = check.object(value, '(top level)', [
    'instances',
    'generate',
    'preferences',
    'faults',
    'tokenLifetimeSeconds',
    'agentPace',
    'agentResend',
    'throttleRate',
    'callerArn',
    'failRegions',
    'databases',
    'hostMap',
    'sso',
    '$schema',
    'comment',
  ]);
  const instances: EmulatedInstance[] = [];
  if (root.instances !== undefined) {
    check.array(root.instances, 'instances').forEach((item, index) => {
      instances.push(parseInstance(check, item, `instances[${index}]`));
    });
  }
  if (root.generate !== undefined) {
    check.array(root.generate, 'generate').forEach((item, index) => {
      const at = `generate[${index}]`;
      const spec = check.object(item, at, ['region', 'count', 'namePrefix', 'seed']);
      const region = check.pattern(spec.region, `${at}.region`, REGION, 'an AWS region like us-east-1');
      const count = check.integer(spec.count, `${at}.count`, 0, MAX_GENERATED);
      const namePrefix = check.optionalString(spec.namePrefix, `${at}.namePrefix`) ?? 'node';
      const seed = spec.seed === undefined ? index + 1 : check.integer(spec.seed, `${at}.seed`, 0, 2 ** 31);
      instances.push(...generateInstances(count, region, seed, namePrefix));
    });
  }
  const seen = new Set<string>();
  for (const [index, instance] of instances.entries()) {
    if (seen.has(instance.instanceId)) {
      check.fail(`instances[${index}].instanceId`, `duplicates ${instance.instanceId}`);
    }
    seen.add(instance.instanceId);
  }
  const config: EmulatorConfig = {
    instances,
    preferences: root.preferences === undefined ? {} : parsePreferences(check, root.preferences),
    callerArn:
      root.callerArn === undefined
        ? DEFAULT_CALLER_ARN
        : check.pattern(
            root.callerArn,
            'callerArn',
            /^arn:aws[a-z-]*:(iam|sts)::\d{12}:\S+$/,
            'an IAM or STS ARN',
          ),
  };
  if (root.faults !== undefined) config.faults = parseFaults(check, root.faults, 'faults');
  if (root.tokenLifetimeSeconds !== undefined) {
    config.tokenLifetimeSeconds = check.integer(
      root.tokenLifetimeSeconds,
      'tokenLifetimeSeconds',
      0,
      2 ** 31,
    );
  }
  if (root.agentPace !== undefined)
    config.agentPace = check.oneOf(root.agentPace, 'agentPace', ['real', 'fast'] as const);
  if (root.agentResend !== undefined)
    config.agentResend = check.oneOf(root.agentResend, 'agentResend', ['real', 'every-expired'] as const);
  if (root.throttleRate !== undefined)
    config.throttleRate = check.number(root.throttleRate, 'throttleRate', 0, 1);
  if (root.failRegions !== undefined) config.failRegions = parseFailRegions(check, root.failRegions);
  if (root.databases !== undefined) {
    config.databases = check
      .array(root.databases, 'databases')
      .flatMap((item, index) => completeDatabase(parseDatabase(check, item, `databases[${index}]`)));
    const seen = new Set<string>();
    for (const database of config.databases) {
      const key = `${database.region}/${database.kind}/${database.identifier}`;
      if (seen.has(key)) check.fail('databases', `has ${database.identifier} twice in ${database.region}`);
      seen.add(key);
    }
  }
  if (root.hostMap !== undefined) config.hostMap = parseHostMap(check, root.hostMap);
  if (root.sso !== undefined) config.sso = parseSso(check, root.sso);
  return config;
}

function parseInstance(check: Checker, value: unknown, at: string): EmulatedInstance {
  const raw = check.object(value, at, [
    'instanceId',
    'region',
    'name',
    'tags',
    'platformType',
    'platformName',
    'platformVersion',
    'agentVersion',
    'online',
    'state',
    'instanceType',
    'privateIpAddress',
    'privateDnsName',
    'faults',
  ]);
  const seed: InstanceSeed = {
    instanceId: check.pattern(
      raw.instanceId,
      `${at}.instanceId`,
      INSTANCE_ID,
      'an instance id like i-0123456789abcdef0',
    ),
    region: check.pattern(raw.region, `${at}.region`, REGION, 'an AWS region like us-east-1'),
  };
  const name = check.optionalString(raw.name, `${at}.name`);
  if (name !== undefined) seed.name = name;
  if (raw.tags !== undefined) {
    const tags = check.object(raw.tags, `${at}.tags`);
    seed.tags = Object.fromEntries(
      Object.entries(tags).map(([key, tag]) => [key, check.string(tag, `${at}.tags.${key}`)]),
    );
  }
  if (raw.platformType !== undefined)
    seed.platformType = check.oneOf(raw.platformType, `${at}.platformType`, PLATFORMS);
  const platformName = check.optionalString(raw.platformName, `${at}.platformName`);
  if (platformName !== undefined) seed.platformName = platformName;
  const platformVersion = check.optionalString(raw.platformVersion, `${at}.platformVersion`);
  if (platformVersion !== undefined) seed.platformVersion = platformVersion;
  if (raw.agentVersion !== undefined) {
    seed.agentVersion = check.pattern(
      raw.agentVersion,
      `${at}.agentVersion`,
      VERSION,
      'a version like 3.3.1611.0',
    );
  }
  if (raw.online !== undefined) seed.online = check.boolean(raw.online, `${at}.online`);
  if (raw.state !== undefined) seed.state = check.oneOf(raw.state, `${at}.state`, STATES);
  const instanceType = check.optionalString(raw.instanceType, `${at}.instanceType`);
  if (instanceType !== undefined) seed.instanceType = instanceType;
  if (raw.privateIpAddress !== undefined) {
    seed.privateIpAddress = check.pattern(
      raw.privateIpAddress,
      `${at}.privateIpAddress`,
      IPV4,
      'an IPv4 address',
    );
  }
  const privateDnsName = check.optionalString(raw.privateDnsName, `${at}.privateDnsName`);
  if (privateDnsName !== undefined) seed.privateDnsName = privateDnsName;
  if (raw.faults !== undefined) seed.faults = parseFaults(check, raw.faults, `${at}.faults`);
  return completeInstance(seed);
}

function parsePreferences(check: Checker, value: unknown): SessionPreferences {
  const raw = check.object(value, 'preferences', [
    'kmsKeyId',
    'requireKmsChallengeResponse',
    'shellProfile',
    'idleSessionTimeoutMinutes',
    'idleSessionTimeoutSeconds',
  ]);
  const preferences: SessionPreferences = {};
  const kmsKeyId = check.optionalString(raw.kmsKeyId, 'preferences.kmsKeyId');
  if (kmsKeyId !== undefined && kmsKeyId !== '') preferences.kmsKeyId = kmsKeyId;
  if (raw.requireKmsChallengeResponse !== undefined) {
    preferences.requireKmsChallengeResponse = check.boolean(
      raw.requireKmsChallengeResponse,
      'preferences.requireKmsChallengeResponse',
    );
  }
  const shellProfile = check.optionalString(raw.shellProfile, 'preferences.shellProfile');
  if (shellProfile !== undefined) preferences.shellProfile = shellProfile;
  if (raw.idleSessionTimeoutMinutes !== undefined) {
    // The console accepts 1..60 minutes.
    preferences.idleSessionTimeoutMinutes = check.integer(
      raw.idleSessionTimeoutMinutes,
      'preferences.idleSessionTimeoutMinutes',
      1,
      60,
    );
  }
  if (raw.idleSessionTimeoutSeconds !== undefined) {
    preferences.idleSessionTimeoutSeconds = parseIdleSeconds(
      check,
      raw.idleSessionTimeoutSeconds,
      'preferences.idleSessionTimeoutSeconds',
    );
  }
  return preferences;
}

const DB_IDENTIFIER = /^[a-zA-Z](?:-?[a-zA-Z0-9])*$/;
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;

/** One `databases[]` entry; also used by POST /emulator/databases. */
export function parseDatabase(check: Checker, value: unknown, at: string): DatabaseSeed {
  const raw = check.object(value, at, [
    'identifier',
    'region',
    'engine',
    'engineVersion',
    'port',
    'localPort',
    'endpoint',
    'instanceClass',
    'status',
    'masterUsername',
    'tags',
    'instances',
  ]);
  const engines = Object.keys(DATABASE_ENGINES) as DatabaseEngine[];
  const seed: DatabaseSeed = {
    identifier: check.pattern(
      raw.identifier,
      `${at}.identifier`,
      DB_IDENTIFIER,
      'an RDS identifier: a letter, then letters, digits and single hyphens',
    ),
    region: check.pattern(raw.region, `${at}.region`, REGION, 'an AWS region like us-east-1'),
    engine: check.oneOf(raw.engine, `${at}.engine`, engines),
  };
  if (seed.identifier.length > 63) check.fail(`${at}.identifier`, 'must be at most 63 characters');
  const engineVersion = check.optionalString(raw.engineVersion, `${at}.engineVersion`);
  if (engineVersion !== undefined) seed.engineVersion = engineVersion;
  if (raw.port !== undefined) seed.port = check.integer(raw.port, `${at}.port`, 1, 65535);
  if (raw.localPort !== undefined) seed.localPort = check.integer(raw.localPort, `${at}.localPort`, 1, 65535);
  if (raw.endpoint !== undefined)
    seed.endpoint = check.pattern(raw.endpoint, `${at}.endpoint`, HOST_NAME, 'a DNS name');
  const instanceClass = check.optionalString(raw.instanceClass, `${at}.instanceClass`);
  if (instanceClass !== undefined) seed.instanceClass = instanceClass;
  const status = check.optionalString(raw.status, `${at}.status`);
  if (status !== undefined) seed.status = status;
  const masterUsername = check.optionalString(raw.masterUsername, `${at}.masterUsername`);
  if (masterUsername !== undefined) seed.masterUsername = masterUsername;
  if (raw.tags !== undefined) {
    const tags = check.object(raw.tags, `${at}.tags`);
    seed.tags = Object.fromEntries(
      Object.entries(tags).map(([key, tag]) => [key, check.string(tag, `${at}.tags.${key}`)]),
    );
  }
  if (raw.instances !== undefined) {
    if (!DATABASE_ENGINES[seed.engine].aurora) check.fail(`${at}.instances`, 'is only for Aurora engines');
    seed.instances = check.integer(raw.instances, `${at}.instances`, 1, 15);
  }
  return seed;
}

/**
 * `{"db.internal:5432": "127.0.0.1:15432"}`: only loopback targets, so the host map cannot make the
 * emulator reach beyond this machine.
 */
export function parseHostMap(check: Checker, value: unknown): Record<string, string> {
  const raw = check.object(value, 'hostMap');
  const map: Record<string, string> = {};
  for (const [from, to] of Object.entries(raw)) {
    const source = splitHostPort(from);
    if (!HOST_NAME.test(source.host) && !/^[\d.:]+$/.test(source.host)) {
      check.fail(`hostMap.${from}`, 'is not a host or host:port');
    }
    const target = splitHostPort(check.string(to, `hostMap.${from}`));
    if (!LOOPBACK.test(target.host))
      check.fail(`hostMap.${from}`, `must map to a loopback address (got ${JSON.stringify(to)})`);
    if (target.port !== undefined && (target.port < 1 || target.port > 65535))
      check.fail(`hostMap.${from}`, 'has no valid port');
    map[from] = to as string;
  }
  return map;
}

function parseSso(check: Checker, value: unknown): SsoSettings {
  const raw = check.object(value, 'sso', [
    'accounts',
    'deviceCodeLifetimeSeconds',
    'accessTokenLifetimeSeconds',
    'pollIntervalSeconds',
  ]);
  const sso: SsoSettings = {};
  if (raw.accounts !== undefined) {
    sso.accounts = check.array(raw.accounts, 'sso.accounts').map((item, index) => {
      const at = `sso.accounts[${index}]`;
      const account = check.object(item, at, ['accountId', 'accountName', 'emailAddress', 'roles']);
      return {
        accountId: check.pattern(account.accountId, `${at}.accountId`, /^\d{12}$/, 'a 12-digit account id'),
        accountName: check.string(account.accountName, `${at}.accountName`),
        emailAddress: check.string(account.emailAddress, `${at}.emailAddress`),
        roles: check
          .array(account.roles, `${at}.roles`)
          .map((role, roleIndex) =>
            check.pattern(role, `${at}.roles[${roleIndex}]`, /^[\w+=,.@-]{1,64}$/, 'an IAM role name'),
          ),
      };
    });
  }
  if (raw.deviceCodeLifetimeSeconds !== undefined) {
    sso.deviceCodeLifetimeSeconds = check.integer(
      raw.deviceCodeLifetimeSeconds,
      'sso.deviceCodeLifetimeSeconds',
      1,
      3600,
    );
  }
  if (raw.accessTokenLifetimeSeconds !== undefined) {
    sso.accessTokenLifetimeSeconds = check.integer(
      raw.accessTokenLifetimeSeconds,
      'sso.accessTokenLifetimeSeconds',
      1,
      604_800,
    );
  }
  if (raw.pollIntervalSeconds !== undefined) {
    sso.pollIntervalSeconds = check.integer(raw.pollIntervalSeconds, 'sso.pollIntervalSeconds', 1, 60);
  }
  return sso;
}

/** `{"eu-west-1": "AccessDenied"}`; also used by POST /emulator/settings. */
export function parseFailRegions(check: Checker, value: unknown): Record<string, RegionFailure> {
  const raw = check.object(value, 'failRegions');
  const failures: Record<string, RegionFailure> = {};
  for (const [region, failure] of Object.entries(raw)) {
    if (!REGION.test(region)) check.fail(`failRegions.${region}`, 'is not an AWS region like us-east-1');
    failures[region] = check.oneOf(failure, `failRegions.${region}`, REGION_FAILURES);
  }
  return failures;
}

/** Test-only: fractions allowed so a test can wait half a second; at most the console's 60 minutes. */
export function parseIdleSeconds(check: Checker, value: unknown, at: string): number {
  return check.number(value, at, 0.1, 3600);
}

/** Also used by the control API for POST /emulator/faults. */
export function parseFaults(check: Checker, value: unknown, at: string): FaultSettings {
  const percentKeys = ['dropPercent', 'duplicatePercent', 'reorderPercent', 'delayPercent'] as const;
  const raw = check.object(value, at, [...percentKeys, 'delayMs', 'killEverySeconds']);
  const faults: FaultSettings = {};
  for (const key of percentKeys) {
    if (raw[key] !== undefined) faults[key] = check.number(raw[key], `${at}.${key}`, 0, 100);
  }
  if (raw.delayMs !== undefined) faults.delayMs = check.integer(raw.delayMs, `${at}.delayMs`, 0, 600_000);
  if (raw.killEverySeconds !== undefined) {
    faults.killEverySeconds = check.number(raw.killEverySeconds, `${at}.killEverySeconds`, 0.1, 86_400);
  }
  return faults;
}

/** Type checks that throw EmulatorConfigError naming the field; exported for the control API. */
export class Checker {
  constructor(private readonly source: string) {}

  fail(at: string, problem: string): never {
    throw new EmulatorConfigError(`${this.source}: ${at} ${problem}`);
  }

  object(value: unknown, at: string, allowed?: readonly string[]): Json {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      this.fail(at, 'must be an object');
    const record = value as Json;
    if (allowed) {
      const unknown = Object.keys(record).find((key) => !allowed.includes(key));
      if (unknown !== undefined) {
        const prefix = at === '(top level)' ? '' : `${at}.`;
        this.fail(`${prefix}${unknown}`, `is not a known setting (expected one of: ${allowed.join(', ')})`);
      }
    }
    return record;
  }

  array(value: unknown, at: string): unknown[] {
    if (!Array.isArray(value)) this.fail(at, 'must be an array');
    return value;
  }

  string(value: unknown, at: string): string {
    if (typeof value !== 'string') this.fail(at, 'must be a string');
    return value;
  }

  optionalString(value: unknown, at: string): string | undefined {
    return value === undefined ? undefined : this.string(value, at);
  }

  boolean(value: unknown, at: string): boolean {
    if (typeof value !== 'boolean') this.fail(at, 'must be true or false');
    return value;
  }

  number(value: unknown, at: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(at, 'must be a number');
    if (value < min || value > max) this.fail(at, `must be between ${min} and ${max}`);
    return value;
  }

  integer(value: unknown, at: string, min: number, max: number): number {
    const number = this.number(value, at, min, max);
    if (!Number.isInteger(number)) this.fail(at, 'must be a whole number');
    return number;
  }

  pattern(value: unknown, at: string, pattern: RegExp, description: string): string {
    const text = this.string(value, at);
    if (!pattern.test(text)) this.fail(at, `must be ${description} (got ${JSON.stringify(text)})`);
    return text;
  }

  oneOf<T extends string>(value: unknown, at: string, choices: readonly T[]): T {
    const text = this.string(value, at);
    if (!(choices as readonly string[]).includes(text)) {
      this.fail(at, `must be one of ${choices.join(', ')} (got ${JSON.stringify(text)})`);
    }
    return text as T;
  }
}
