import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultEmulatorConfig } from '../inventory/default-inventory.js';
import { completeDatabase } from '../inventory/databases.js';
import { parseXml, type XmlElement } from '../testing/tiny-xml.js';
import { startTestApi, type TestApi } from './test-server.js';

function children(root: XmlElement | undefined, name: string): XmlElement[] {
  return root?.children.filter((child) => child.name === name) ?? [];
}

function child(root: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let node = root;
  for (const name of path) node = node?.children.find((item) => item.name === name);
  return node;
}

describe('RDS DescribeDBInstances and DescribeDBClusters (Query protocol)', () => {
  let api: TestApi;

  beforeAll(async () => {
    const config = defaultEmulatorConfig();
    for (let i = 1; i <= 45; i++) {
      config.databases!.push(
        ...completeDatabase({
          identifier: `load-${String(i).padStart(2, '0')}`,
          region: 'eu-west-1',
          engine: 'mysql',
        }),
      );
    }
    api = await startTestApi(config);
  });
  afterAll(async () => api.close());

  const call = async (params: Record<string, string>, region = 'us-east-1') => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/${region}/rds/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: new URLSearchParams({ Version: '2014-10-31', ...params }).toString(),
    });
    return { status: response.status, root: parseXml(await response.text()) };
  };

  it('lists the instances of the region, Aurora members with their cluster, endpoints and ports', async () => {
    const { status, root } = await call({ Action: 'DescribeDBInstances' });
    expect(status).toBe(200);
    const result = child(root, 'DescribeDBInstancesResult');
    const instances = children(child(result, 'DBInstances'), 'DBInstance');
    const summary = instances.map((instance) => [
      child(instance, 'DBInstanceIdentifier')?.text,
      child(instance, 'Engine')?.text,
      child(instance, 'Endpoint', 'Port')?.text,
      child(instance, 'DBClusterIdentifier')?.text,
    ]);
    expect(summary).toEqual([
      ['orders-db', 'postgres', '5432', undefined],
      ['inventory-mysql', 'mysql', '3306', undefined],
      ['analytics-instance-1', 'aurora-postgresql', '5432', 'analytics'],
      ['analytics-instance-2', 'aurora-postgresql', '5432', 'analytics'],
    ]);
    expect(child(instances[0], 'Endpoint', 'Address')?.text).toMatch(
      /^orders-db\.c[0-9a-f]{11}\.us-east-1\.rds\.amazonaws\.com$/,
    );
    expect(child(result, 'Marker')).toBeUndefined();
  });

  it('lists clusters with writer and reader endpoints and their members', async () => {
    const { root } = await call({ Action: 'DescribeDBClusters' });
    const clusters = children(child(root, 'DescribeDBClustersResult', 'DBClusters'), 'DBCluster');
    expect(clusters).toHaveLength(1);
    const cluster = clusters[0];
    expect(child(cluster, 'Endpoint')?.text).toMatch(
      /^analytics\.cluster-c[0-9a-f]{11}\.us-east-1\.rds\.amazonaws\.com$/,
    );
    expect(child(cluster, 'ReaderEndpoint')?.text).toMatch(/^analytics\.cluster-ro-/);
    expect(
      children(child(cluster, 'DBClusterMembers'), 'DBClusterMember').map((member) => [
        child(member, 'DBInstanceIdentifier')?.text,
        child(member, 'IsClusterWriter')?.text,
      ]),
    ).toEqual([
      ['analytics-instance-1', 'true'],
      ['analytics-instance-2', 'false'],
    ]);
  });

  it('pages with MaxRecords (20..100) and Marker until every database was seen', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const { root } = await call(
        { Action: 'DescribeDBInstances', MaxRecords: '20', ...(marker ? { Marker: marker } : {}) },
        'eu-west-1',
      );
      const result = child(root, 'DescribeDBInstancesResult');
      seen.push(
        ...children(child(result, 'DBInstances'), 'DBInstance').map(
          (i) => child(i, 'DBInstanceIdentifier')!.text,
        ),
      );
      marker = child(result, 'Marker')?.text;
      pages++;
    } while (marker !== undefined);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    for (const bad of ['19', '101', 'lots']) {
      const { status, root } = await call({ Action: 'DescribeDBInstances', MaxRecords: bad });
      expect([status, child(root, 'Error', 'Code')?.text]).toEqual([400, 'InvalidParameterValue']);
    }
    const foreign = await call({ Action: 'DescribeDBInstances', Marker: 'bogus' });
    expect(child(foreign.root, 'Error', 'Code')?.text).toBe('InvalidParameterValue');
  });

  it('finds one by identifier, filters by engine and cluster, and answers an unknown one as RDS does', async () => {
    const one = await call({ Action: 'DescribeDBInstances', DBInstanceIdentifier: 'orders-db' });
    expect(children(child(one.root, 'DescribeDBInstancesResult', 'DBInstances'), 'DBInstance')).toHaveLength(
      1,
    );
    const mysql = await call({
      Action: 'DescribeDBInstances',
      'Filters.Filter.1.Name': 'engine',
      'Filters.Filter.1.Values.Value.1': 'mysql',
    });
    expect(
      children(child(mysql.root, 'DescribeDBInstancesResult', 'DBInstances'), 'DBInstance'),
    ).toHaveLength(1);
    const members = await call({
      Action: 'DescribeDBInstances',
      'Filters.Filter.1.Name': 'db-cluster-id',
      'Filters.Filter.1.Values.Value.1': 'analytics',
    });
    expect(
      children(child(members.root, 'DescribeDBInstancesResult', 'DBInstances'), 'DBInstance'),
    ).toHaveLength(2);
    const missing = await call({ Action: 'DescribeDBInstances', DBInstanceIdentifier: 'nope' });
    expect(missing.status).toBe(404);
    expect(missing.root.name).toBe('ErrorResponse');
    expect([
      child(missing.root, 'Error', 'Code')?.text,
      child(missing.root, 'Error', 'Message')?.text,
    ]).toEqual(['DBInstanceNotFound', 'DBInstance nope not found.']);
    const missingCluster = await call({ Action: 'DescribeDBClusters', DBClusterIdentifier: 'nope' });
    expect(child(missingCluster.root, 'Error', 'Code')?.text).toBe('DBClusterNotFoundFault');
    const badFilter = await call({
      Action: 'DescribeDBInstances',
      'Filters.Filter.1.Name': 'colour',
      'Filters.Filter.1.Values.Value.1': 'red',
    });
    expect(child(badFilter.root, 'Error', 'Code')?.text).toBe('InvalidParameterValue');
    // A region without databases lists none.
    const empty = await call({ Action: 'DescribeDBClusters' }, 'ap-south-1');
    expect(children(child(empty.root, 'DescribeDBClustersResult', 'DBClusters'), 'DBCluster')).toEqual([]);
  });

  it('adds databases through POST /emulator/databases', async () => {
    const response = await fetch(`${api.url}/emulator/databases`, {
      method: 'POST',
      body: JSON.stringify({
        identifier: 'late-db',
        region: 'us-east-1',
        engine: 'mariadb',
        localPort: 13306,
      }),
    });
    expect(response.status).toBe(200);
    const { root } = await call({ Action: 'DescribeDBInstances', DBInstanceIdentifier: 'late-db' });
    expect(child(root, 'DescribeDBInstancesResult', 'DBInstances', 'DBInstance', 'Engine')?.text).toBe(
      'mariadb',
    );
    const again = await fetch(`${api.url}/emulator/databases`, {
      method: 'POST',
      body: JSON.stringify({ identifier: 'late-db', region: 'us-east-1', engine: 'mariadb' }),
    });
    expect(again.status).toBe(409);
  });
});
