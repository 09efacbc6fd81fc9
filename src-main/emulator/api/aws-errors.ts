import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** An AWS error the API answers with; `code` is what SDKs surface as `error.name`. */
export class ApiError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export function validationError(message: string): ApiError {
  return new ApiError('ValidationException', message);
}

/** JSON 1.1 / 1.0 protocols. SDKs read the code from the header, older ones from `__type`. */
export function sendJsonError(
  res: ServerResponse,
  error: ApiError,
  contentType = 'application/x-amz-json-1.1',
): void {
  const body = JSON.stringify({ __type: error.code, message: error.message });
  res.writeHead(error.status, {
    'content-type': contentType,
    'x-amzn-errortype': error.code,
    'x-amzn-requestid': randomUUID(),
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * REST-JSON errors (the SSO portal and SSO OIDC): the code in `x-amzn-errortype`, the shape's members
 * in the body: `{"message"}` for the portal, `{"error", "error_description"}` for OIDC's OAuth errors.
 */
export function sendRestJsonError(res: ServerResponse, error: ApiError): void {
  const oauth = (error as ApiError & { oauthError?: string }).oauthError;
  const body = JSON.stringify(
    oauth === undefined ? { message: error.message } : { error: oauth, error_description: error.message },
  );
  res.writeHead(error.status, {
    'content-type': 'application/json',
    'x-amzn-errortype': error.code,
    'x-amzn-requestid': randomUUID(),
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** The EC2 Query protocol's error document (not the generic Query one: EC2 has no ErrorResponse wrapper). */
export function sendEc2Error(res: ServerResponse, error: ApiError): void {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Response><Errors><Error><Code>${xmlEscape(error.code)}</Code><Message>${xmlEscape(error.message)}</Message></Error></Errors>` +
    `<RequestID>${randomUUID()}</RequestID></Response>`;
  sendXml(res, error.status, body);
}

/** The AWS Query protocol's error document, as STS answers. */
export function sendQueryError(res: ServerResponse, error: ApiError): void {
  queryErrorWriter('https://sts.amazonaws.com/doc/2011-06-15/')(res, error);
}

/** The Query protocol's error document in a service's own XML namespace (RDS, STS). */
export function queryErrorWriter(namespace: string): (res: ServerResponse, error: ApiError) => void {
  return (res, error) => writeQueryError(res, error, namespace);
}

function writeQueryError(res: ServerResponse, error: ApiError, namespace: string): void {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${namespace}">` +
    `<Error><Type>${type}</Type><Code>${xmlEscape(error.code)}</Code><Message>${xmlEscape(error.message)}</Message></Error>` +
    `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  sendXml(res, error.status, body);
}

export function sendXml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/xml;charset=UTF-8',
    'x-amzn-requestid': randomUUID(),
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  contentType = 'application/json',
): void {
  // An operation without output (SSO Logout) answers an empty body.
  const body = value === undefined ? '' : JSON.stringify(value);
  res.writeHead(status, {
    'content-type': contentType,
    'x-amzn-requestid': randomUUID(),
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
