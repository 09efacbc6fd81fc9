import type {
  DataChannelHost,
  EmulatedInstance,
  EmulatorConfig,
  SessionRecord,
  SessionStatus,
} from '../model.js';
import { findSessionDocument, resolveSessionParameters } from '../documents/session-documents.js';
import { CURRENT_AGENT_VERSION } from '../inventory/instance-defaults.js';
import type { InventoryDirectory } from '../inventory/inventory-directory.js';
import { ApiError, validationError } from './aws-errors.js';
import {
  asObject,
  optionalInteger,
  optionalList,
  optionalObject,
  optionalString,
  requiredString,
  stringList,
} from './json-input.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import type { SessionFilter, SessionStore } from './session-store.js';

type Json = Record<string, unknown>;

export interface SsmDeps {
  config: EmulatorConfig;
  instances: InventoryDirectory;
  sessions: SessionStore;
  dataChannels: DataChannelHost;
}

export const ACCOUNT_ID = '123456789012';
const DEFAULT_DOCUMENT = 'SSM-SessionManagerRunShell';
/** How long ago an offline instance last pinged: long enough for SSM to call it ConnectionLost. */
const OFFLINE_PING_AGE_SECONDS = 3 * 3600;

/** `caller` is the principal ARN of the request's credentials (the session owner). */
export type SsmOperation = (input: Json, region: string, caller: string) => unknown;

/** The Session Manager subset of AmazonSSM, keyed by operation name (the X-Amz-Target suffix). */
export function createSsmService(deps: SsmDeps): Record<string, SsmOperation> {
  return {
    StartSession: (input, region, caller) => startSession(deps, caller, input, region),
    ResumeSession: (input, region) => {
      const sessionId = requiredString(input, 'SessionId', 96);
      const resumed = deps.sessions.resume(sessionId);
      if (!resumed || resumed.record.region !== region) throw sessionNotFound(sessionId);
      return { SessionId: sessionId, TokenValue: resumed.token, StreamUrl: resumed.record.streamUrl };
    },
    TerminateSession: (input, region) => {
      const sessionId = requiredString(input, 'SessionId', 96);
      const record = deps.sessions.get(sessionId);
      if (!record || record.region !== region) throw sessionNotFound(sessionId);
      // Terminating an ended session is a no-op success, as in AWS.
      if (!deps.sessions.isEnded(record)) {
        deps.dataChannels.terminate(sessionId);
        deps.sessions.setStatus(sessionId, 'Terminated');
      }
      return { SessionId: sessionId };
    },
    DescribeSessions: (input, region) => describeSessions(deps, input, region),
    DescribeInstanceInformation: (input, region) => describeInstanceInformation(deps, input, region),
  };
}

function sessionNotFound(sessionId: string): ApiError {
  return new ApiError('DoesNotExistException', `Session with id ${sessionId} does not exist.`);
}

function startSession(deps: SsmDeps, owner: string, input: Json, region: string): unknown {
  const target = requiredString(input, 'Target', 400);
  const documentName = optionalString(input, 'DocumentName', 128) ?? DEFAULT_DOCUMENT;
  const reason = optionalString(input, 'Reason', 256);
  const parameters = parseParameters(optionalObject(input, 'Parameters'));
  const document = findSessionDocument(documentName);
  if (!document) throw new ApiError('InvalidDocument', `Document with name ${documentName} does not exist.`);
  const instance = deps.instances.get(target);
  // AWS cannot tell "no such instance" from "instance not reporting": both are TargetNotConnected.
  if (!instance || instance.region !== region) throw targetNotConnected(target);
  if (instance.tags.Access === 'denied') {
    throw new ApiError(
      'AccessDeniedException',
      `User: ${owner} is not authorized to perform: ssm:StartSession on resource: arn:aws:ec2:${region}:${ACCOUNT_ID}:instance/${target}`,
    );
  }
  if (!instance.online || instance.state !== 'running') throw targetNotConnected(target);
  const resolved = resolveSessionParameters(document, parameters);
  if (!resolved.ok) throw validationError(resolved.message);
  const record = deps.sessions.create({
    target,
    region,
    document,
    parameters: resolved.parameters,
    properties: resolved.properties,
    owner,
    ...(reason !== undefined ? { reason } : {}),
  });
  const token = [...record.tokens.keys()][0] ?? '';
  return { SessionId: record.sessionId, TokenValue: token, StreamUrl: record.streamUrl };
}

function targetNotConnected(target: string): ApiError {
  return new ApiError('TargetNotConnected', `${target} is not connected.`);
}

function parseParameters(raw: Json | undefined): Record<string, string[]> {
  const parameters: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(raw ?? {}))
    parameters[name] = stringList(value, `Parameters.${name}`);
  return parameters;
}

const SESSION_FILTER_KEYS = [
  'InvokedAfter',
  'InvokedBefore',
  'Target',
  'Owner',
  'Status',
  'SessionId',
  'AccessType',
];
const SESSION_STATUSES: readonly SessionStatus[] = [
  'Connected',
  'Connecting',
  'Disconnected',
  'Terminated',
  'Terminating',
  'Failed',
];

function describeSessions(deps: SsmDeps, input: Json, region: string): unknown {
  const state = optionalString(input, 'State');
  if (state === undefined) throw validationError(notNullMessage('state'));
  if (state !== 'Active' && state !== 'History') {
    throw validationError(
      `1 validation error detected: Value '${state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [Active, History]`,
    );
  }
  const maxResults = optionalInteger(input, 'MaxResults', 1, 200) ?? 20;
  const filter: SessionFilter = { state, region };
  for (const [index, item] of (optionalList(input, 'Filters') ?? []).entries()) {
    const entry = asObject(item, `Filters[${index}]`);
    const key = requiredString(entry, 'key');
    const value = requiredString(entry, 'value', 400);
    if (!SESSION_FILTER_KEYS.includes(key)) {
      throw validationError(
        `1 validation error detected: Value '${key}' at 'filters.${index + 1}.member.key' failed to satisfy constraint: Member must satisfy enum value set: [${SESSION_FILTER_KEYS.join(', ')}]`,
      );
    }
    if (key === 'Target') filter.target = value;
    else if (key === 'Owner') filter.owner = value;
    else if (key === 'SessionId') filter.sessionId = value;
    else if (key === 'Status') {
      if (!(SESSION_STATUSES as readonly string[]).includes(value)) {
        throw validationError(`The filter value ${value} is not valid for key Status.`);
      }
      filter.status = value as SessionStatus;
    } else if (key === 'InvokedAfter' || key === 'InvokedBefore') {
      const date = new Date(value);
      if (Number.isNaN(date.getTime())) {
        throw validationError(`The filter value ${value} is not a valid date for key ${key}.`);
      }
      if (key === 'InvokedAfter') filter.startedAfter = date;
      else filter.startedBefore = date;
    }
    // AccessType (Standard / JustInTime): every emulated session is Standard.
    else if (value !== 'Standard') filter.sessionId = '\0none';
  }
  const all = deps.sessions.list(filter);
  const query = { op: 'DescribeSessions', region, filter: { ...filter } };
  const offset = decodePageToken(optionalString(input, 'NextToken'), query, invalidNextToken);
  const page = all.slice(offset, offset + maxResults);
  const output: Json = { Sessions: page.map(sessionJson) };
  if (offset + maxResults < all.length) output.NextToken = encodePageToken(offset + maxResults, query);
  return output;
}

function notNullMessage(member: string): string {
  return `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`;
}

function invalidNextToken(): ApiError {
  return new ApiError('InvalidNextToken', 'The specified token is not valid.');
}

function sessionJson(record: SessionRecord): Json {
  const json: Json = {
    SessionId: record.sessionId,
    Target: record.target,
    Status: record.status,
    StartDate: record.startDate.getTime() / 1000,
    DocumentName: record.documentName,
    Owner: record.owner,
    OutputUrl: {},
  };
  if (record.endDate) json.EndDate = record.endDate.getTime() / 1000;
  if (record.reason !== undefined) json.Reason = record.reason;
  return json;
}

const INFO_FILTER_KEYS = [
  'InstanceIds',
  'AgentVersion',
  'PingStatus',
  'PlatformTypes',
  'ActivationIds',
  'IamRole',
  'ResourceType',
  'AssociationStatus',
];

type InstancePredicate = (instance: EmulatedInstance) => boolean;

function describeInstanceInformation(deps: SsmDeps, input: Json, region: string): unknown {
  const maxResults = optionalInteger(input, 'MaxResults', 5, 50) ?? 10;
  const predicates: InstancePredicate[] = [];
  const filterList = optionalList(input, 'InstanceInformationFilterList') ?? [];
  const filters = optionalList(input, 'Filters') ?? [];
  if (filterList.length > 0 && filters.length > 0) {
    throw new ApiError(
      'InvalidInstanceInformationFilterValue',
      'InstanceInformationFilterList and Filters cannot be used together.',
    );
  }
  for (const [index, item] of filterList.entries()) {
    const entry = asObject(item, `InstanceInformationFilterList[${index}]`);
    const key = requiredString(entry, 'key');
    if (!INFO_FILTER_KEYS.includes(key)) {
      throw validationError(
        `1 validation error detected: Value '${key}' at 'instanceInformationFilterList.${index + 1}.member.key' failed to satisfy constraint: Member must satisfy enum value set: [${INFO_FILTER_KEYS.join(', ')}]`,
      );
    }
    const values = filterValues(entry, 'valueSet');
    if (key === 'ResourceType') checkResourceTypeFilter(values);
    predicates.push(infoPredicate(key, values));
  }
  for (const [index, item] of filters.entries()) {
    const entry = asObject(item, `Filters[${index}]`);
    const key = requiredString(entry, 'Key', 128);
    const values = filterValues(entry, 'Values');
    if (key.startsWith('tag:')) {
      const tag = key.slice(4);
      predicates.push((instance) => instance.tags[tag] !== undefined && values.includes(instance.tags[tag]));
    } else if (key === 'tag-key') {
      predicates.push((instance) => values.some((value) => instance.tags[value] !== undefined));
    } else if (INFO_FILTER_KEYS.includes(key)) {
      if (key === 'ResourceType') checkResourceTypeFilter(values);
      predicates.push(infoPredicate(key, values));
    } else {
      throw new ApiError('InvalidFilterKey', `The filter key ${key} is not valid.`);
    }
  }
  const matching = deps.instances
    .list()
    .filter((instance) => instance.region === region && instance.state !== 'terminated')
    .filter((instance) => predicates.every((predicate) => predicate(instance)));
  const query = { op: 'DescribeInstanceInformation', region, filterList, filters };
  const offset = decodePageToken(optionalString(input, 'NextToken'), query, invalidNextToken);
  const page = matching.slice(offset, offset + maxResults);
  const output: Json = { InstanceInformationList: page.map(instanceInformation) };
  if (offset + maxResults < matching.length) output.NextToken = encodePageToken(offset + maxResults, query);
  return output;
}

/**
 * The service's own rules for ResourceType, in its words (quoted in boto/boto3#3027 and
 * aws/aws-sdk#130): one value only, and never `Document`, although the model's enum still lists it.
 */
function checkResourceTypeFilter(values: string[]): void {
  if (values.length > 1) {
    throw new ApiError(
      'InvalidInstanceInformationFilterValue',
      'ResourceType filter may contain only one value.',
    );
  }
  if (!['EC2Instance', 'ManagedInstance'].includes(values[0] ?? '')) {
    throw new ApiError(
      'InvalidInstanceInformationFilterValue',
      'ResourceType filter is invalid, valid values are EC2Instance, ManagedInstance',
    );
  }
}

function filterValues(entry: Json, field: string): string[] {
  const values = stringList(entry[field] ?? [], field);
  if (values.length === 0) {
    throw new ApiError(
      'InvalidInstanceInformationFilterValue',
      `The filter ${field} must have at least one value.`,
    );
  }
  return values;
}

function infoPredicate(key: string, values: string[]): InstancePredicate {
  switch (key) {
    case 'InstanceIds':
      return (instance) => values.includes(instance.instanceId);
    case 'AgentVersion':
      return (instance) => values.includes(instance.agentVersion);
    case 'PingStatus':
      return (instance) => values.includes(pingStatus(instance));
    case 'PlatformTypes':
      return (instance) => values.includes(instance.platformType);
    case 'ResourceType':
      return (instance) => values.includes(resourceType(instance));
    case 'AssociationStatus':
      return (instance) => values.includes('Success') && instance.online;
    default:
      // ActivationIds / IamRole: emulated instances have neither an activation nor a distinct role.
      return () => false;
  }
}

function pingStatus(instance: EmulatedInstance): 'Online' | 'ConnectionLost' {
  return instance.online && instance.state === 'running' ? 'Online' : 'ConnectionLost';
}

function resourceType(instance: EmulatedInstance): 'EC2Instance' | 'ManagedInstance' {
  return instance.instanceId.startsWith('mi-') ? 'ManagedInstance' : 'EC2Instance';
}

function instanceInformation(instance: EmulatedInstance): Json {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const online = pingStatus(instance) === 'Online';
  const json: Json = {
    InstanceId: instance.instanceId,
    PingStatus: pingStatus(instance),
    LastPingDateTime: online ? nowSeconds : nowSeconds - OFFLINE_PING_AGE_SECONDS,
    AgentVersion: instance.agentVersion,
    IsLatestVersion: instance.agentVersion === CURRENT_AGENT_VERSION,
    PlatformType: instance.platformType,
    PlatformName: instance.platformName,
    PlatformVersion: instance.platformVersion,
    ResourceType: resourceType(instance),
    IPAddress: instance.privateIpAddress,
    ComputerName: computerName(instance),
    AssociationStatus: 'Success',
    SourceId: instance.instanceId,
    SourceType:
      resourceType(instance) === 'ManagedInstance' ? 'AWS::SSM::ManagedInstance' : 'AWS::EC2::Instance',
  };
  // Only hybrid (mi-) nodes carry a Name in this API; EC2 names come from DescribeInstances tags.
  if (resourceType(instance) === 'ManagedInstance' && instance.name !== undefined) json.Name = instance.name;
  return json;
}

function computerName(instance: EmulatedInstance): string {
  if (instance.platformType === 'Windows') {
    return `EC2AMAZ-${instance.instanceId.slice(-7).toUpperCase()}`;
  }
  return instance.privateDnsName;
}
