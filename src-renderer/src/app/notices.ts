import { Store } from '../state/store';

export type NoticeLevel = 'info' | 'warning' | 'error';

export interface Notice {
  id: number;
  level: NoticeLevel;
  text: string;
}

/** How long a notice stays; errors stay until dismissed. */
const LIFETIME_MS: Record<NoticeLevel, number | undefined> = { info: 4000, warning: 8000, error: undefined };

/** Short messages in the corner: "Copied", a call that failed, the core's app.notice events. */
export class Notices {
  readonly list = new Store<readonly Notice[]>([]);
  private nextId = 1;

  /** `sticky`: stays until dismissed, whatever its level (what the core said at start-up). */
  push(level: NoticeLevel, text: string, sticky = false): void {
    const id = this.nextId++;
    // The same text again replaces the older one instead of stacking.
    this.list.update((all) => [...all.filter((n) => n.text !== text).slice(-3), { id, level, text }]);
    const lifetime = sticky ? undefined : LIFETIME_MS[level];
    if (lifetime !== undefined) setTimeout(() => this.dismiss(id), lifetime);
  }

  dismiss(id: number): void {
    this.list.update((all) => all.filter((n) => n.id !== id));
  }
}
