import type { ContractBridge } from '../../../src-shared/contract/contract-client';
import { PRELOAD_GLOBAL } from '../../../src-shared/contract/electron-bridge';

/** The bridge Electron's preload exposes (window.ssmDesk), or undefined outside Electron. */
export function findElectronBridge(): ContractBridge | undefined {
  const candidate: unknown = Reflect.get(window, PRELOAD_GLOBAL);
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const request: unknown = Reflect.get(candidate, 'request');
  const subscribe: unknown = Reflect.get(candidate, 'subscribe');
  if (typeof request !== 'function' || typeof subscribe !== 'function') return undefined;
  // The preload's functions are called through the object, as contextBridge proxies expect.
  const bridge = candidate as ContractBridge;
  return {
    request: (method, params) => bridge.request(method, params),
    subscribe: (listener) => bridge.subscribe(listener),
  };
}
