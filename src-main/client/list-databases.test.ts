import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseRecordSchema } from '../../src-shared/model/database.js';
import { AwsContext } from '../aws/aws-context.js';
import { Emulator, defaultEmulatorConfig } from '../emulator/index.js';
import { completeDatabase } from '../emulator/inventory/databases.js';
import { listDatabases } from './list-databases.js';

describe('listDatabases against the emulator', () => {
  let emulator: Emulator;
  let aws: AwsContext;
  beforeAll(async () => {
    const config = defaultEmulatorConfig();
    // More than one page of instances (RDS pages at most 100), and a second Aurora cluster.
    config.databases = [
      ...(config.databases ?? []),
      ...Array.from({ length: 105 }, (_, i) =>
        completeDatabase({
          identifier: `bulk-${String(i).padStart(3, '0')}`,
          region: 'eu-west-1',
          engine: 'mysql',
        }),
      ).flat(),
      ...completeDatabase({ identifier: 'olap', region: 'eu-west-1', engine: 'aurora-mysql', instances: 3 }),
    ];
    emulator = await Emulator.start({ config });
    aws = await AwsContext.create({
      region: 'us-east-1',
      endpointUrl: emulator.endpoint,
      env: { AWS_ACCESS_KEY_ID: 'AKIARDSTEST000000001', AWS_SECRET_ACCESS_KEY: 'rds-test-secret' },
    });
  });
  afterAll(async () => emulator?.close());

  it('the default inventory: one row per standalone instance and per cluster (writer endpoint), no member rows', async () => {
    const { databases, errors } = await listDatabases([aws]);
    expect(errors).toEqual([]);
    const byId = Object.fromEntries(databases.map((d) => [d.identifier, d]));
    expect(Object.keys(byId).sort()).toEqual(['analytics', 'inventory-mysql', 'orders-db']);
    const [cluster] = (emulator.config.databases ?? []).filter(
      (d) => d.identifier === 'analytics' && d.kind === 'cluster',
    );
    expect(byId.analytics).toEqual({
      profile: 'default',
      region: 'us-east-1',
      identifier: 'analytics',
      kind: 'cluster',
      engine: 'aurora-postgresql',
      endpoint: cluster?.endpoint,
      port: 5432,
      status: 'available',
    });
    expect(byId.analytics?.endpoint).toMatch(
      /^analytics\.cluster-[0-9a-z]+\.us-east-1\.rds\.amazonaws\.com$/,
    );
    expect(byId['orders-db']).toMatchObject({ kind: 'instance', engine: 'postgres', port: 5432 });
    expect(byId['inventory-mysql']).toMatchObject({ kind: 'instance', engine: 'mysql', port: 3306 });
    for (const database of databases) expect(() => DatabaseRecordSchema.parse(database)).not.toThrow();
  });

  it('follows every page, across regions, sorted; a failing region has its code and hides nothing else', async () => {
    emulator.setRegionFailure('ap-south-1', 'AccessDenied');
    try {
      const { databases, errors } = await listDatabases([
        aws,
        aws.inRegion('eu-west-1'),
        aws.inRegion('ap-south-1'),
      ]);
      const eu = databases.filter((d) => d.region === 'eu-west-1');
      expect(eu.filter((d) => d.identifier.startsWith('bulk-'))).toHaveLength(105);
      expect(eu.filter((d) => d.identifier.startsWith('olap'))).toEqual([
        expect.objectContaining({ identifier: 'olap', kind: 'cluster', engine: 'aurora-mysql' }),
      ]);
      expect(databases.map((d) => `${d.region}/${d.identifier}`)).toEqual(
        databases.map((d) => `${d.region}/${d.identifier}`).sort(),
      );
      expect(errors).toEqual([
        {
          profile: 'default',
          region: 'ap-south-1',
          error: { code: 'access-denied', message: expect.any(String) },
        },
      ]);
    } finally {
      emulator.setRegionFailure('ap-south-1', undefined);
    }
  });

  it('a member whose cluster is not listed still shows as an instance', async () => {
    // A cluster being deleted disappears from DescribeDBClusters before its instances do.
    emulator.addDatabase({
      identifier: 'orphan',
      region: 'ca-central-1',
      engine: 'aurora-postgresql',
      instances: 1,
    });
    emulator.config.databases = (emulator.config.databases ?? []).filter(
      (d) => !(d.identifier === 'orphan' && d.kind === 'cluster'),
    );
    const { databases } = await listDatabases([aws.inRegion('ca-central-1')]);
    expect(databases.map((d) => [d.identifier, d.kind])).toEqual([['orphan-instance-1', 'instance']]);
  });

  it('rejects with aborted when its signal fires', async () => {
    const controller = new AbortController();
    const listing = listDatabases([aws, aws.inRegion('eu-west-1')], { signal: controller.signal });
    controller.abort();
    await expect(listing).rejects.toMatchObject({ code: 'aborted' });
  });
});
