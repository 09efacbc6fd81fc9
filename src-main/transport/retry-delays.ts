import { TransportError } from './transport-error.js';

/**
 * The Go client's RepeatableExponentialRetryer for (re)connects (spec §8): a first delay drawn once per
 * session from [100, 199] ms, doubling, capped at 5 s.
 */
export function reconnectDelays(random: () => number = Math.random): (attempt: number) => number {
  const initial = 100 + Math.floor(random() * 100);
  return (attempt: number) => Math.min(MAX_RECONNECT_DELAY_MS, initial * 2 ** Math.min(attempt, 16));
}

/** The Go retryer's maximum delay. */
export const MAX_RECONNECT_DELAY_MS = 5_000;

/**
 * Waits `ms`. With a signal, an abort ends the wait at once with TransportError 'aborted', and the
 * timer is cleared, so no sleep outlives the close() or abort that made it pointless.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new TransportError('aborted', 'the wait was aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new TransportError('aborted', 'the wait was aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
