import { useSyncExternalStore } from 'react';

/**
 * The time, to the second, for what counts up on screen (uptimes, "expires in"): one interval for
 * the whole window, running only while something shows it.
 */
class SecondClock {
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private now = Date.now();

  get = (): number => this.now;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (!this.timer) {
      this.now = Date.now();
      this.timer = setInterval(() => {
        this.now = Date.now();
        for (const each of [...this.listeners]) each();
      }, 1000);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  };
}

const clock = new SecondClock();

/** Now (epoch ms), updated every second while the component is mounted. */
export function useNow(): number {
  return useSyncExternalStore(clock.subscribe, clock.get);
}
