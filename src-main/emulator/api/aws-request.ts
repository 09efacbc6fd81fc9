import type { IncomingMessage } from 'node:http';
import { ApiError } from './aws-errors.js';

/** Far above any real SSM/EC2/KMS request; protects the emulator from a runaway client. */
export const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Past the limit, keep reading but discard: leaving the loop early would destroy the socket
    // before the client could read the error response.
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit) throw new ApiError('RequestEntityTooLarge', `Request body exceeds ${limit} bytes`, 413);
  return Buffer.concat(chunks);
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * The region from the SigV4 credential scope (`Credential=AKID/20260101/us-east-1/ssm/aws4_request`).
 * Signatures are not verified: the emulator trusts any caller, as a local test double should.
 */
export function regionOf(req: IncomingMessage, fallback = 'us-east-1'): string {
  const auth = header(req, 'authorization') ?? '';
  const scope = /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//.exec(auth);
  const region = scope?.[1];
  return region !== undefined && REGION.test(region) ? region : fallback;
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** `AmazonSSM.StartSession` -> { service: 'AmazonSSM', operation: 'StartSession' }. */
export function amzTarget(req: IncomingMessage): { service: string; operation: string } | undefined {
  const target = header(req, 'x-amz-target');
  if (!target) return undefined;
  const dot = target.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return { service: target.slice(0, dot), operation: target.slice(dot + 1) };
}

/** Parses a JSON-protocol body; an empty body counts as `{}` as it does for AWS. */
export function parseJsonBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError('SerializationException', 'Start of structure or map found where not expected.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError('SerializationException', 'Start of structure or map found where not expected.');
  }
  return value as Record<string, unknown>;
}

/** Form-encoded Query protocol parameters (EC2, STS). Repeated names keep the last value. */
export function parseFormBody(body: Buffer): Map<string, string> {
  return new Map(new URLSearchParams(body.toString('utf8')));
}
