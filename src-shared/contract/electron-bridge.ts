/**
 * The names the Electron preload and main process agree on. The preload exposes only the contract
 * bridge under `window[PRELOAD_GLOBAL]`: `request(method, params)` and `subscribe(listener)`.
 */
export const IPC_REQUEST_CHANNEL = 'ssm-desk:request';
export const IPC_EVENT_CHANNEL = 'ssm-desk:event';
export const PRELOAD_GLOBAL = 'ssmDesk';
