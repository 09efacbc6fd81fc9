import { request } from 'node:http';
import WebSocket from 'ws';
import {
  createContractClient,
  type ContractBridge,
  type ContractClient,
} from '../../src-shared/contract/contract-client.js';
import type { CallOutcome, ServerMessage } from '../../src-shared/contract/envelope.js';
import { withTimeout } from './stats.js';

/** The typed contract client over browser mode's WebSocket, from Node (as a second view would be). */
export interface SocketContractClient extends ContractClient {
  close(): Promise<void>;
}

/** GET the launch URL (303 + the secret's cookie), then open /contract with that cookie and our Origin. */
export async function connectContract(url: string): Promise<SocketContractClient> {
  const { origin, host } = new URL(url);
  const cookie = await new Promise<string>((resolve, reject) => {
    const req = request(url, (response) => {
      response.resume();
      const header = response.headers['set-cookie']?.[0];
      if (!header) reject(new Error(`GET ${origin}/ gave no cookie (status ${response.statusCode})`));
      else resolve(header.split(';')[0] as string);
    });
    req.once('error', reject);
    req.end();
  });
  const socket = new WebSocket(`ws://${host}/contract`, { headers: { Cookie: cookie, Origin: origin } });
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    }),
    10_000,
    'contract socket open',
  );
  let nextId = 1;
  const pending = new Map<number, (outcome: CallOutcome) => void>();
  const listeners = new Set<(name: string, payload: unknown) => void>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as ServerMessage;
    if (message.t === 'evt') {
      for (const listener of listeners) listener(message.name, message.payload);
      return;
    }
    if (message.id === null) return;
    const resolve = pending.get(message.id);
    pending.delete(message.id);
    resolve?.(message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error });
  });
  socket.on('close', () => {
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: 'closed', message: 'the contract socket closed' } });
    }
    pending.clear();
  });
  const bridge: ContractBridge = {
    request(method, params) {
      const id = nextId++;
      return new Promise<CallOutcome>((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ t: 'req', id, method, params }));
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const client = createContractClient(bridge);
  return {
    call: client.call,
    on: client.on,
    close: async () => {
      if (socket.readyState === WebSocket.CLOSED) return;
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.close();
      await withTimeout(closed, 2_000, 'contract socket close').catch(() => socket.terminate());
    },
  };
}
