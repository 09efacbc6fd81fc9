import type { EventName, EventPayload } from '../../../src-shared/contract/events.js';

/** Sends one event to one view (a window over IPC, or a browser tab over a WebSocket). */
export type EventSender = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** The views connected to the core, by id, and the events going to them. */
export class EventHub {
  private readonly views = new Map<number, EventSender>();
  private nextId = 1;

  add(send: EventSender): number {
    const id = this.nextId++;
    this.views.set(id, send);
    return id;
  }

  remove(id: number): void {
    this.views.delete(id);
  }

  broadcast<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const send of this.views.values()) send(name, payload);
  }

  sendTo<E extends EventName>(ids: readonly number[], name: E, payload: EventPayload<E>): void {
    for (const id of ids) this.views.get(id)?.(name, payload);
  }
}
