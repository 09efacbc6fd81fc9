/**
 * The Go client's RepeatableExponentialRetryer for (re)connects (spec §8): a first delay drawn once per
 * session from [100, 199] ms, doubling, capped at 5 s.
 */
export function reconnectDelays(random: () => number = Math.random): (attempt: number) => number {
  const initial = 100 + Math.floor(random() * 100);
  return (attempt: number) => Math.min(5_000, initial * 2 ** Math.min(attempt, 16));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
