import { createHash, randomUUID } from 'node:crypto';
import type { EmulatedDatabase } from '../model.js';
import { ApiError, xmlEscape } from './aws-errors.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { ACCOUNT_ID } from './ssm-service.js';

export const RDS_NAMESPACE = 'http://rds.amazonaws.com/doc/2014-10-31/';
export const RDS_ACTIONS: ReadonlySet<string> = new Set(['DescribeDBInstances', 'DescribeDBClusters']);

/** RDS's MaxRecords: 20 to 100, default 100. */
const MIN_RECORDS = 20;
const MAX_RECORDS = 100;
/** The emulator never creates anything, so every database reports one fixed creation time. */
const CREATED = '2026-01-05T09:30:00.000Z';

type Filter = (database: EmulatedDatabase) => boolean;

/** RDS Query API (form in, XML out): the two listings the database tunnels need. */
export function rdsAction(
  action: string,
  params: Map<string, string>,
  region: string,
  databases: readonly EmulatedDatabase[],
): string {
  const inRegion = databases.filter((database) => database.region === region);
  switch (action) {
    case 'DescribeDBInstances':
      return describe(
        action,
        params,
        region,
        inRegion.filter((database) => database.kind === 'instance'),
        {
          identifierParam: 'DBInstanceIdentifier',
          listName: 'DBInstances',
          itemXml: (database) => `<DBInstance>${instanceXml(database)}</DBInstance>`,
          notFound: (id) => new ApiError('DBInstanceNotFound', `DBInstance ${id} not found.`, 404),
          filters: {
            'db-instance-id': (database) => [database.identifier, arn(database)],
            'db-cluster-id': (database) =>
              database.clusterIdentifier === undefined
                ? []
                : [database.clusterIdentifier, clusterArn(database.region, database.clusterIdentifier)],
            'dbi-resource-id': (database) => [resourceId('db', database)],
            engine: (database) => [database.engine],
          },
        },
      );
    case 'DescribeDBClusters':
      return describe(
        action,
        params,
        region,
        inRegion.filter((database) => database.kind === 'cluster'),
        {
          identifierParam: 'DBClusterIdentifier',
          listName: 'DBClusters',
          itemXml: (database) => `<DBCluster>${clusterXml(database)}</DBCluster>`,
          notFound: (id) => new ApiError('DBClusterNotFoundFault', `DBCluster ${id} not found.`, 404),
          filters: {
            'db-cluster-id': (database) => [database.identifier, arn(database)],
            'db-cluster-resource-id': (database) => [resourceId('cluster', database)],
            engine: (database) => [database.engine],
          },
        },
      );
    default:
      throw new ApiError('InvalidAction', `Could not find operation ${action} for version 2014-10-31`);
  }
}

interface Listing {
  identifierParam: string;
  listName: string;
  itemXml: (database: EmulatedDatabase) => string;
  notFound: (identifier: string) => ApiError;
  /** Filter name -> the values of a database it matches against. */
  filters: Record<string, (database: EmulatedDatabase) => string[]>;
}

function describe(
  action: string,
  params: Map<string, string>,
  region: string,
  candidates: EmulatedDatabase[],
  listing: Listing,
): string {
  const maxRecords = parseMaxRecords(params.get('MaxRecords'));
  const filters: Filter[] = parseFilters(params).map(({ name, values }) => {
    const valuesOf = listing.filters[name];
    if (!valuesOf) throw new ApiError('InvalidParameterValue', `Unrecognized filter name: ${name}`);
    return (database) => valuesOf(database).some((value) => values.includes(value));
  });
  const identifier = params.get(listing.identifierParam);
  if (identifier !== undefined) {
    filters.push((database) => database.identifier === identifier || arn(database) === identifier);
  }
  const matching = candidates.filter((database) => filters.every((filter) => filter(database)));
  // Asking for one database by name that is not there is an error; an empty filter result is not.
  if (identifier !== undefined && matching.length === 0) throw listing.notFound(identifier);
  const query = {
    op: action,
    region,
    identifier,
    filters: [...params].filter(([key]) => key.startsWith('Filters.')),
  };
  const offset = decodePageToken(
    params.get('Marker'),
    query,
    () => new ApiError('InvalidParameterValue', 'The marker is not valid.'),
  );
  const page = matching.slice(offset, offset + maxRecords);
  const marker =
    offset + maxRecords < matching.length
      ? `<Marker>${xmlEscape(encodePageToken(offset + maxRecords, query))}</Marker>`
      : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${RDS_NAMESPACE}"><${action}Result>` +
    `<${listing.listName}>${page.map(listing.itemXml).join('')}</${listing.listName}>${marker}</${action}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`
  );
}

function parseMaxRecords(text: string | undefined): number {
  if (text === undefined) return MAX_RECORDS;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < MIN_RECORDS || value > MAX_RECORDS) {
    throw new ApiError(
      'InvalidParameterValue',
      `Invalid value ${text} for MaxRecords. Must be between ${MIN_RECORDS} and ${MAX_RECORDS}`,
    );
  }
  return value;
}

/** `Filters.Filter.N.Name` and `Filters.Filter.N.Values.Value.M`, as the Query protocol flattens them. */
function parseFilters(params: Map<string, string>): Array<{ name: string; values: string[] }> {
  const filters = new Map<string, { name: string; values: Array<[number, string]> }>();
  for (const [key, value] of params) {
    const name = /^Filters\.Filter\.(\d+)\.Name$/.exec(key);
    if (name) {
      const entry = filters.get(name[1] as string) ?? { name: '', values: [] };
      entry.name = value;
      filters.set(name[1] as string, entry);
      continue;
    }
    const item = /^Filters\.Filter\.(\d+)\.Values\.Value\.(\d+)$/.exec(key);
    if (item) {
      const entry = filters.get(item[1] as string) ?? { name: '', values: [] };
      entry.values.push([Number(item[2]), value]);
      filters.set(item[1] as string, entry);
    }
  }
  return [...filters.values()].map(({ name, values }) => {
    if (name === '') throw new ApiError('InvalidParameterValue', 'A filter is missing its Name.');
    if (values.length === 0) throw new ApiError('InvalidParameterValue', `The filter ${name} has no values.`);
    return { name, values: values.sort((a, b) => a[0] - b[0]).map(([, text]) => text) };
  });
}

function arn(database: EmulatedDatabase): string {
  return database.kind === 'cluster'
    ? clusterArn(database.region, database.identifier)
    : `arn:aws:rds:${database.region}:${ACCOUNT_ID}:db:${database.identifier}`;
}

function clusterArn(region: string, identifier: string): string {
  return `arn:aws:rds:${region}:${ACCOUNT_ID}:cluster:${identifier}`;
}

/** RDS's immutable resource ids: `db-` or `cluster-` and 26 upper-case characters. */
function resourceId(prefix: 'db' | 'cluster', database: EmulatedDatabase): string {
  const digest = createHash('sha256').update(`${database.region}/${database.identifier}`).digest('hex');
  return `${prefix}-${digest.slice(0, 26).toUpperCase()}`;
}

function tagsXml(tags: Record<string, string>): string {
  return `<TagList>${Object.entries(tags)
    .map(([key, value]) => `<Tag><Key>${xmlEscape(key)}</Key><Value>${xmlEscape(value)}</Value></Tag>`)
    .join('')}</TagList>`;
}

function element(name: string, value: string | number | boolean): string {
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

function instanceXml(database: EmulatedDatabase): string {
  const aurora = database.clusterIdentifier !== undefined;
  return [
    element('DBInstanceIdentifier', database.identifier),
    element('DBInstanceClass', database.instanceClass),
    element('Engine', database.engine),
    element('DBInstanceStatus', database.status),
    element('MasterUsername', database.masterUsername),
    `<Endpoint>${element('Address', database.endpoint)}${element('Port', database.port)}${element('HostedZoneId', 'Z2R2ITUGPM61AM')}</Endpoint>`,
    element('AllocatedStorage', aurora ? 1 : 20),
    element('InstanceCreateTime', CREATED),
    element('PreferredBackupWindow', '03:00-03:30'),
    element('BackupRetentionPeriod', 7),
    '<DBSecurityGroups/>',
    `<VpcSecurityGroups><VpcSecurityGroupMembership>${element('VpcSecurityGroupId', 'sg-0a1b2c3d4e5f60718')}${element('Status', 'active')}</VpcSecurityGroupMembership></VpcSecurityGroups>`,
    element('AvailabilityZone', `${database.region}a`),
    element('PreferredMaintenanceWindow', 'sun:05:00-sun:05:30'),
    element('MultiAZ', false),
    element('EngineVersion', database.engineVersion),
    element('AutoMinorVersionUpgrade', true),
    element(
      'LicenseModel',
      database.engine.includes('postgres') ? 'postgresql-license' : 'general-public-license',
    ),
    element('PubliclyAccessible', false),
    element('StorageType', aurora ? 'aurora' : 'gp3'),
    element('DbInstancePort', 0),
    ...(aurora ? [element('DBClusterIdentifier', database.clusterIdentifier as string)] : []),
    element('StorageEncrypted', true),
    element('DbiResourceId', resourceId('db', database)),
    element('CACertificateIdentifier', 'rds-ca-rsa2048-g1'),
    element('CopyTagsToSnapshot', false),
    element('DBInstanceArn', arn(database)),
    element('IAMDatabaseAuthenticationEnabled', false),
    element('DeletionProtection', false),
    tagsXml(database.tags),
  ].join('');
}

function clusterXml(database: EmulatedDatabase): string {
  const members = (database.members ?? [])
    .map(
      (member, index) =>
        `<DBClusterMember>${element('DBInstanceIdentifier', member)}${element('IsClusterWriter', index === 0)}` +
        `${element('DBClusterParameterGroupStatus', 'in-sync')}${element('PromotionTier', 1)}</DBClusterMember>`,
    )
    .join('');
  return [
    element('AllocatedStorage', 1),
    `<AvailabilityZones>${['a', 'b', 'c'].map((zone) => element('AvailabilityZone', `${database.region}${zone}`)).join('')}</AvailabilityZones>`,
    element('BackupRetentionPeriod', 7),
    element('DBClusterIdentifier', database.identifier),
    element('DBClusterParameterGroup', `default.${database.engine}`),
    element('DBSubnetGroup', 'default'),
    element('Status', database.status),
    element('Endpoint', database.endpoint),
    element('ReaderEndpoint', database.readerEndpoint ?? database.endpoint),
    element('MultiAZ', (database.members?.length ?? 0) > 1),
    element('Engine', database.engine),
    element('EngineVersion', database.engineVersion),
    element('Port', database.port),
    element('MasterUsername', database.masterUsername),
    element('PreferredBackupWindow', '03:00-03:30'),
    element('PreferredMaintenanceWindow', 'sun:05:00-sun:05:30'),
    `<DBClusterMembers>${members}</DBClusterMembers>`,
    element('HostedZoneId', 'Z2R2ITUGPM61AM'),
    element('StorageEncrypted', true),
    element('DbClusterResourceId', resourceId('cluster', database)),
    element('DBClusterArn', arn(database)),
    element('IAMDatabaseAuthenticationEnabled', false),
    element('ClusterCreateTime', CREATED),
    element('EngineMode', 'provisioned'),
    element('DeletionProtection', false),
    element('HttpEndpointEnabled', false),
    element('CopyTagsToSnapshot', false),
    element('CrossAccountClone', false),
    element('AutoMinorVersionUpgrade', true),
    tagsXml(database.tags),
  ].join('');
}
