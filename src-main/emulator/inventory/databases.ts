import { createHash } from 'node:crypto';
import type { EmulatedDatabase } from '../model.js';

/** The engines RDS describes that the emulator knows a default port and version for. */
export const DATABASE_ENGINES = {
  postgres: { port: 5432, version: '16.3', aurora: false },
  mysql: { port: 3306, version: '8.0.39', aurora: false },
  mariadb: { port: 3306, version: '10.11.9', aurora: false },
  'aurora-postgresql': { port: 5432, version: '15.4', aurora: true },
  'aurora-mysql': { port: 3306, version: '8.0.mysql_aurora.3.05.2', aurora: true },
} as const;

/**
 * An RDS engine the emulator knows a default port and version for (a key of DATABASE_ENGINES), as a
 * DatabaseSeed's `engine`; the Aurora ones make a cluster with member instances.
 */
export type DatabaseEngine = keyof typeof DATABASE_ENGINES;

/** A database as the config file gives it; everything but identifier, region and engine has a default. */
export interface DatabaseSeed {
  identifier: string;
  region: string;
  engine: DatabaseEngine;
  engineVersion?: string;
  port?: number;
  /** The loopback port tunnels to this database reach; default: `port`. */
  localPort?: number;
  /** The endpoint address; default: RDS's form for the identifier, region and a per-region suffix. */
  endpoint?: string;
  instanceClass?: string;
  status?: string;
  masterUsername?: string;
  tags?: Record<string, string>;
  /** Aurora only: how many member instances (the first is the writer); default 1. */
  instances?: number;
}

/**
 * The part of an RDS endpoint after the identifier is fixed per account and region (e.g.
 * `c9akciq32.us-east-1.rds.amazonaws.com`); derived from the region so every run shows the same names.
 */
export function endpointSuffix(region: string): string {
  const letters = createHash('sha256').update(`emulated-rds-${region}`).digest('hex').slice(0, 11);
  return `c${letters}.${region}.rds.amazonaws.com`;
}

/** The records a seed stands for: one instance, or an Aurora cluster and its member instances. */
export function completeDatabase(seed: DatabaseSeed): EmulatedDatabase[] {
  const engine = DATABASE_ENGINES[seed.engine];
  const port = seed.port ?? engine.port;
  const common = {
    region: seed.region,
    engine: seed.engine,
    engineVersion: seed.engineVersion ?? engine.version,
    port,
    localPort: seed.localPort ?? port,
    instanceClass: seed.instanceClass ?? (engine.aurora ? 'db.r6g.large' : 'db.t3.medium'),
    status: seed.status ?? 'available',
    masterUsername: seed.masterUsername ?? (seed.engine.includes('postgres') ? 'postgres' : 'admin'),
    tags: { ...seed.tags },
  };
  const suffix = endpointSuffix(seed.region);
  if (!engine.aurora) {
    return [
      {
        kind: 'instance',
        identifier: seed.identifier,
        endpoint: seed.endpoint ?? `${seed.identifier}.${suffix}`,
        ...common,
      },
    ];
  }
  const members = Array.from(
    { length: seed.instances ?? 1 },
    (_, index) => `${seed.identifier}-instance-${index + 1}`,
  );
  const cluster: EmulatedDatabase = {
    kind: 'cluster',
    identifier: seed.identifier,
    endpoint: seed.endpoint ?? `${seed.identifier}.cluster-${suffix}`,
    readerEndpoint: `${seed.identifier}.cluster-ro-${suffix}`,
    members,
    ...common,
  };
  return [
    cluster,
    ...members.map((identifier): EmulatedDatabase => ({
      kind: 'instance',
      identifier,
      endpoint: `${identifier}.${suffix}`,
      clusterIdentifier: seed.identifier,
      ...common,
    })),
  ];
}

/** The default inventory's databases: a PostgreSQL and a MySQL instance and an Aurora cluster in us-east-1. */
export function defaultDatabases(): EmulatedDatabase[] {
  return [
    ...completeDatabase({
      identifier: 'orders-db',
      region: 'us-east-1',
      engine: 'postgres',
      tags: { Env: 'prod' },
    }),
    ...completeDatabase({
      identifier: 'inventory-mysql',
      region: 'us-east-1',
      engine: 'mysql',
      tags: { Env: 'staging' },
    }),
    ...completeDatabase({
      identifier: 'analytics',
      region: 'us-east-1',
      engine: 'aurora-postgresql',
      instances: 2,
      tags: { Env: 'prod' },
    }),
  ];
}
