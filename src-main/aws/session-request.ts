import { AwsError } from './aws-error.js';

/** What StartSession is asked: the target, the session document, its parameters, a reason. */
export interface StartSessionRequest {
  target: string;
  documentName?: string;
  /** Document parameters; each value may be a string or a list, as the SSM API takes lists. */
  parameters?: Record<string, string | string[]>;
  reason?: string;
}

/** SessionReason in SSM's model: `^.{1,256}$` (one line; the service's Java regex stops at these). */
const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/;
const REASON_MAX = 256;
/** DocumentARN in SSM's model: a name or an ARN. */
const DOCUMENT_NAME = /^[a-zA-Z0-9_\-.:/]{3,128}$/;
const TARGET_MAX = 400;
const PARAMETER_NAME_MAX = 255;
const PARAMETER_VALUE_MAX = 65_535;

/** Length as the service models count it: Unicode code points. */
const length = (text: string): number => [...text].length;
const invalid = (message: string): AwsError => new AwsError('validation', message);

/**
 * Checks a StartSession request as SSM's service model constrains it (botocore's
 * ssm/2014-11-06/service-2.json: SessionTarget, DocumentARN, SessionReason,
 * SessionManagerParameters), so that a bad value is one clear line before any request, not a
 * ValidationException after one. Throws an AwsError `validation` naming the field.
 */
export function validateStartSession(request: StartSessionRequest): void {
  if (length(request.target) < 1 || length(request.target) > TARGET_MAX) {
    throw invalid(`the target must be 1 to ${TARGET_MAX} characters`);
  }
  validateSessionOptions(request);
}

/** The same checks for what a session is started with, before its target is known (CLI flags). */
export function validateSessionOptions(request: Omit<StartSessionRequest, 'target'>): void {
  if (request.documentName !== undefined && !DOCUMENT_NAME.test(request.documentName)) {
    throw invalid(
      `document name ${JSON.stringify(request.documentName)} is not a document name or ARN (3 to 128 of a-z, A-Z, 0-9, _ - . : /)`,
    );
  }
  if (request.reason !== undefined) {
    if (LINE_BREAK.test(request.reason)) throw invalid('the reason must be one line');
    const size = length(request.reason);
    if (size < 1 || size > REASON_MAX) {
      throw invalid(`the reason must be 1 to ${REASON_MAX} characters, got ${size}`);
    }
  }
  for (const [name, value] of Object.entries(request.parameters ?? {})) {
    if (length(name) < 1 || length(name) > PARAMETER_NAME_MAX) {
      throw invalid(
        `parameter name ${JSON.stringify(name.slice(0, 40))} must be 1 to ${PARAMETER_NAME_MAX} characters`,
      );
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      const size = length(item);
      if (size < 1) throw invalid(`parameter ${name} has an empty value`);
      if (size > PARAMETER_VALUE_MAX) {
        throw invalid(`parameter ${name} has a value longer than ${PARAMETER_VALUE_MAX} characters`);
      }
    }
  }
}
