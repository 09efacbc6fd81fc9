import type WebSocket from 'ws';
import {
  MAX_MESSAGE_BYTES,
  RequestEnvelopeSchema,
  type ResponseEnvelope,
  type ServerMessage,
} from '../../../src-shared/contract/envelope.js';
import type { AppCore } from '../core/app-core.js';

/**
 * One browser tab's contract over a WebSocket: each text message is one request envelope, answered
 * by a response envelope with the same id; events are pushed as event envelopes. A message that is
 * not a valid envelope is answered with a coded 'bad-message' error and the connection stays up.
 */
export function serveContractSocket(socket: WebSocket, core: AppCore): void {
  const send = (message: ServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const view = core.connectView((name, payload) => send({ t: 'evt', name, payload }));
  socket.on('message', (data, isBinary) => {
    const refuse = (id: number | null, message: string): void =>
      send({ t: 'res', id, ok: false, error: { code: 'bad-message', message } });
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary || bytes.length > MAX_MESSAGE_BYTES) {
      refuse(null, 'requests are JSON text messages of at most 1 MiB');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      refuse(null, 'not JSON');
      return;
    }
    const envelope = RequestEnvelopeSchema.safeParse(json);
    if (!envelope.success) {
      const id = idOf(json);
      refuse(id, 'not a request envelope {t:"req", id, method, params}');
      return;
    }
    const { id, method, params } = envelope.data;
    void view.call(method, params).then((outcome) => send({ t: 'res', id, ...outcome } as ResponseEnvelope));
  });
  socket.on('close', () => view.close());
  socket.on('error', () => socket.terminate());
}

function idOf(json: unknown): number | null {
  if (typeof json !== 'object' || json === null || !('id' in json)) return null;
  const id = json.id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null;
}
