import type { CallOutcome } from '../../../src-shared/contract/envelope.js';
import {
  isRequestName,
  requests,
  type ParsedParams,
  type RequestName,
  type RequestResult,
} from '../../../src-shared/contract/requests.js';
import type { ErrorInfo } from '../../../src-shared/model/error-info.js';

/** Who is calling: the view's id, for per-view state (attached tabs, flow control). */
export interface CallerView {
  readonly viewId: number;
}

/** One handler per request of the contract (a table keyed by method, as ssh2 keys by message type). */
export type RequestHandlers = {
  [N in RequestName]: (
    params: ParsedParams<N>,
    caller: CallerView,
  ) => RequestResult<N> | Promise<RequestResult<N>>;
};

/**
 * Runs one call from a view: the method must be in the contract and its params must match the
 * method's schema (the renderer is not trusted); whatever the handler throws becomes a coded
 * ErrorInfo. Never throws.
 */
export async function dispatch(
  handlers: RequestHandlers,
  method: unknown,
  params: unknown,
  caller: CallerView,
  describeError: (error: unknown) => ErrorInfo,
): Promise<CallOutcome> {
  if (typeof method !== 'string' || !isRequestName(method)) {
    return failure('unknown-method', `no method ${JSON.stringify(String(method)).slice(0, 80)}`);
  }
  const parsed = requests[method].params.safeParse(params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'params';
    return failure('invalid-params', `${method}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  try {
    const handler = handlers[method] as (p: unknown, c: CallerView) => unknown;
    const result = await handler(parsed.data, caller);
    return { ok: true, result: result ?? {} };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

function failure(code: string, message: string): CallOutcome {
  return { ok: false, error: { code, message } };
}
