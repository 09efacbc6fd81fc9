import { createHash, randomUUID } from 'node:crypto';
import type { EmulatedInstance, InstanceState } from '../model.js';
import type { InventoryDirectory } from '../inventory/inventory-directory.js';
import { ApiError, xmlEscape } from './aws-errors.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { ACCOUNT_ID } from './ssm-service.js';

export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

const STATE_CODES: Record<InstanceState, number> = {
  pending: 0,
  running: 16,
  stopping: 64,
  stopped: 80,
  terminated: 48,
};
const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;
/** The emulator never "launches" anything, so every instance reports one fixed launch time. */
const LAUNCH_TIME = '2026-01-05T09:30:00.000Z';

/** EC2 Query API (form in, XML out); only DescribeInstances, which the client's instance list uses. */
export function ec2Action(
  action: string,
  params: Map<string, string>,
  region: string,
  instances: InventoryDirectory,
): string {
  if (action !== 'DescribeInstances') {
    throw new ApiError('InvalidAction', `The action ${action} is not valid for this web service.`);
  }
  return describeInstances(params, region, instances);
}

function describeInstances(
  params: Map<string, string>,
  region: string,
  inventory: InventoryDirectory,
): string {
  const ids = indexedValues(params, 'InstanceId');
  const filters = parseFilters(params);
  const maxResultsText = params.get('MaxResults');
  let maxResults: number | undefined;
  if (maxResultsText !== undefined) {
    if (ids.length > 0) {
      throw new ApiError(
        'InvalidParameterCombination',
        'The parameter instancesSet cannot be used with the parameter maxResults',
      );
    }
    maxResults = Number(maxResultsText);
    if (!Number.isInteger(maxResults) || maxResults < 5 || maxResults > 1000) {
      throw new ApiError(
        'InvalidParameterValue',
        `Value ( ${maxResultsText} ) for parameter maxResults is invalid. Expecting a value greater than 5 and less than 1000.`,
      );
    }
  }
  // Hybrid (mi-) managed nodes are not EC2 instances: EC2 never lists them; only SSM knows them.
  const inRegion = inventory
    .list()
    .filter((instance) => instance.region === region && !instance.instanceId.startsWith('mi-'));
  for (const id of ids) {
    if (!INSTANCE_ID.test(id)) throw new ApiError('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
  }
  const missing = ids.filter((id) => !inRegion.some((instance) => instance.instanceId === id));
  if (missing.length > 0) {
    const quoted = missing.map((id) => `'${id}'`).join(', ');
    throw new ApiError(
      'InvalidInstanceID.NotFound',
      missing.length === 1
        ? `The instance ID ${quoted} does not exist`
        : `The instance IDs ${quoted} do not exist`,
    );
  }
  const matching = inRegion.filter(
    (instance) =>
      (ids.length === 0 || ids.includes(instance.instanceId)) && filters.every((filter) => filter(instance)),
  );
  const query = {
    op: 'DescribeInstances',
    region,
    ids,
    filters: [...params].filter(([k]) => k.startsWith('Filter.')),
  };
  const offset = decodePageToken(
    params.get('NextToken'),
    query,
    () => new ApiError('InvalidParameterValue', 'Invalid value for nextToken'),
  );
  const page =
    maxResults === undefined ? matching.slice(offset) : matching.slice(offset, offset + maxResults);
  const nextToken =
    maxResults !== undefined && offset + maxResults < matching.length
      ? `<nextToken>${xmlEscape(encodePageToken(offset + maxResults, query))}</nextToken>`
      : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeInstancesResponse xmlns="${EC2_NAMESPACE}">` +
    `<requestId>${randomUUID()}</requestId><reservationSet>${page.map(reservationXml).join('')}</reservationSet>` +
    `${nextToken}</DescribeInstancesResponse>`
  );
}

/** `InstanceId.1`, `InstanceId.2`, … in index order (gaps allowed, as AWS allows them). */
function indexedValues(params: Map<string, string>, prefix: string): string[] {
  const pattern = new RegExp(`^${prefix.replaceAll('.', '\\.')}\\.(\\d+)$`);
  return [...params]
    .map(([key, value]) => ({ index: Number(pattern.exec(key)?.[1] ?? NaN), value }))
    .filter((entry) => !Number.isNaN(entry.index))
    .sort((a, b) => a.index - b.index)
    .map((entry) => entry.value);
}

type InstanceFilter = (instance: EmulatedInstance) => boolean;

function parseFilters(params: Map<string, string>): InstanceFilter[] {
  const names = new Map<string, string>();
  for (const [key, value] of params) {
    const match = /^Filter\.(\d+)\.Name$/.exec(key);
    if (match) names.set(match[1] as string, value);
  }
  return [...names].map(([index, name]) => {
    const values = indexedValues(params, `Filter.${index}.Value`);
    const patterns = values.map(wildcard);
    const any = (value: string | undefined): boolean =>
      value !== undefined && patterns.some((pattern) => pattern.test(value));
    if (name.startsWith('tag:')) {
      const tag = name.slice(4);
      return (instance) => any(instance.tags[tag]);
    }
    switch (name) {
      case 'instance-id':
        return (instance) => any(instance.instanceId);
      case 'instance-state-name':
        return (instance) => any(instance.state);
      case 'instance-state-code':
        return (instance) => any(String(STATE_CODES[instance.state]));
      case 'tag-key':
        return (instance) => Object.keys(instance.tags).some((key) => any(key));
      case 'instance-type':
        return (instance) => any(instance.instanceType);
      case 'platform':
        return (instance) => any(instance.platformType === 'Windows' ? 'windows' : undefined);
      case 'private-ip-address':
        return (instance) => any(instance.privateIpAddress);
      case 'private-dns-name':
        return (instance) => any(instance.privateDnsName);
      default:
        throw new ApiError('InvalidParameterValue', `The filter '${name}' is invalid`);
    }
  });
}

/** EC2 filter values take `*` and `?` wildcards. */
function wildcard(value: string): RegExp {
  const escaped = value
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${escaped}$`);
}

function reservationXml(instance: EmulatedInstance): string {
  const digest = createHash('sha256').update(instance.instanceId).digest('hex');
  const tags = Object.entries(instance.tags)
    .map(([key, value]) => `<item><key>${xmlEscape(key)}</key><value>${xmlEscape(value)}</value></item>`)
    .join('');
  const windows = instance.platformType === 'Windows';
  return (
    `<item><reservationId>r-0${digest.slice(0, 16)}</reservationId><ownerId>${ACCOUNT_ID}</ownerId><groupSet/>` +
    '<instancesSet><item>' +
    `<instanceId>${xmlEscape(instance.instanceId)}</instanceId>` +
    `<imageId>ami-0${digest.slice(16, 32)}</imageId>` +
    `<instanceState><code>${STATE_CODES[instance.state]}</code><name>${instance.state}</name></instanceState>` +
    `<privateDnsName>${xmlEscape(instance.privateDnsName)}</privateDnsName><dnsName/>` +
    `<instanceType>${xmlEscape(instance.instanceType)}</instanceType>` +
    `<launchTime>${LAUNCH_TIME}</launchTime>` +
    `<placement><availabilityZone>${xmlEscape(instance.region)}a</availabilityZone><tenancy>default</tenancy></placement>` +
    (windows ? '<platform>windows</platform>' : '') +
    `<privateIpAddress>${xmlEscape(instance.privateIpAddress)}</privateIpAddress>` +
    '<architecture>x86_64</architecture><rootDeviceType>ebs</rootDeviceType>' +
    `<tagSet>${tags}</tagSet>` +
    `<platformDetails>${windows ? 'Windows' : 'Linux/UNIX'}</platformDetails>` +
    '</item></instancesSet></item>'
  );
}
