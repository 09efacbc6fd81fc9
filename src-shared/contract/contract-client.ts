import type { CallOutcome } from './envelope.js';
import { ContractCallError } from './contract-error.js';
import { events, isEventName, type EventName, type EventPayload } from './events.js';
import { requests, type RequestName, type RequestParams, type RequestResult } from './requests.js';

/**
 * How a view reaches the core: Electron's preload bridge and browser mode's WebSocket both offer
 * this, so the typed client above it is the same in both.
 */
export interface ContractBridge {
  request(method: string, params: unknown): Promise<CallOutcome>;
  /** Every event the core pushes; returns the unsubscribe function. */
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}

export interface ContractClient {
  call<N extends RequestName>(method: N, params: RequestParams<N>): Promise<RequestResult<N>>;
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
}

/**
 * Typed calls and events generated from the contract's definitions. Results and events are parsed
 * with the same schemas the core answers with, so a view never acts on a malformed message.
 */
export function createContractClient(bridge: ContractBridge): ContractClient {
  const handlers = new Map<EventName, Set<(payload: unknown) => void>>();
  bridge.subscribe((name, payload) => {
    if (!isEventName(name)) return;
    const listeners = handlers.get(name);
    if (!listeners || listeners.size === 0) return;
    const parsed = events[name].safeParse(payload);
    if (!parsed.success) return;
    for (const listener of listeners) listener(parsed.data);
  });
  return {
    async call(method, params) {
      const outcome = await bridge.request(method, params);
      if (!outcome.ok) throw ContractCallError.from(outcome.error);
      const parsed = requests[method].result.safeParse(outcome.result);
      if (!parsed.success) {
        throw new ContractCallError('bad-message', `the answer to ${method} does not match the contract`);
      }
      return parsed.data as RequestResult<typeof method>;
    },
    on(event, handler) {
      let listeners = handlers.get(event);
      if (!listeners) handlers.set(event, (listeners = new Set()));
      const wrapped = handler as (payload: unknown) => void;
      listeners.add(wrapped);
      return () => listeners.delete(wrapped);
    },
  };
}
