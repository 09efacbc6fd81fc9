/**
 * The preload of the sandboxed renderer: it exposes the contract and nothing else (no ipcRenderer,
 * no Node). Built by scripts/build-preload.mjs into one CommonJS file.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CallOutcome } from '../../../src-shared/contract/envelope.js';
import {
  IPC_EVENT_CHANNEL,
  IPC_REQUEST_CHANNEL,
  PRELOAD_GLOBAL,
} from '../../../src-shared/contract/electron-bridge.js';

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, {
  request: (method: string, params: unknown): Promise<CallOutcome> =>
    ipcRenderer.invoke(IPC_REQUEST_CHANNEL, method, params) as Promise<CallOutcome>,
  subscribe: (listener: (name: string, payload: unknown) => void): (() => void) => {
    const onEvent = (_event: IpcRendererEvent, name: string, payload: unknown): void =>
      listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, onEvent);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, onEvent);
  },
});
