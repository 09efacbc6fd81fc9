import type { BrowserWindow, Rectangle } from 'electron';
import { screen } from 'electron';
import { z } from 'zod';
import { JsonStore, type StoreSpec } from '../core/json-store.js';

const WindowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean(),
});
type SavedWindow = z.infer<typeof WindowStateSchema>;

const WINDOW_STORE: StoreSpec<SavedWindow> = {
  file: 'window.json',
  version: 1,
  schema: WindowStateSchema,
  defaults: () => ({ width: 1280, height: 800, maximized: false }),
};

/**
 * The main window's size, position and maximized state, kept in the user-data folder. A position
 * on a display that is gone (a laptop undocked) is dropped, so the window never opens off-screen.
 */
export class WindowState {
  private constructor(private readonly store: JsonStore<SavedWindow>) {}

  static async load(userDataDir: string): Promise<WindowState> {
    return new WindowState((await JsonStore.open(userDataDir, WINDOW_STORE)).store);
  }

  bounds(): Partial<Rectangle> & { width: number; height: number } {
    const state = this.store.get();
    const { x, y, width, height } = state;
    const visible =
      x !== undefined &&
      y !== undefined &&
      screen
        .getAllDisplays()
        .some(({ workArea: a }) => x >= a.x && y >= a.y && x < a.x + a.width && y < a.y + a.height);
    return visible ? { x, y, width, height } : { width, height };
  }

  get maximized(): boolean {
    return this.store.get().maximized;
  }

  /** Saves the window's state whenever it stops moving or resizing, and when it closes. */
  track(window: BrowserWindow): void {
    let timer: NodeJS.Timeout | undefined;
    const save = (): void => {
      if (window.isDestroyed()) return;
      const maximized = window.isMaximized();
      const bounds = maximized ? this.store.get() : window.getBounds();
      void this.store.set({
        x: bounds.x,
        y: bounds.y,
        width: bounds.width,
        height: bounds.height,
        maximized,
      });
    };
    const later = (): void => {
      clearTimeout(timer);
      timer = setTimeout(save, 500);
    };
    window.on('resize', later);
    window.on('move', later);
    window.on('close', () => {
      clearTimeout(timer);
      save();
    });
  }
}
