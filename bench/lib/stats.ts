/** Small statistics and formatting helpers shared by the benchmarks. */

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export function mean(samples: readonly number[]): number {
  return samples.length === 0 ? Number.NaN : samples.reduce((sum, value) => sum + value, 0) / samples.length;
}

/** A number with `digits` significant figures at most, without exponent notation. */
export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return value.toLocaleString('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
}

export function fmtMs(value: number): string {
  return `${fmt(value)} ms`;
}

export const MiB = 1024 * 1024;
/** Throughputs are reported in MB/s with MB = 10^6 bytes, as the targets are. */
export const MB = 1_000_000;

export function fmtBytes(bytes: number): string {
  return `${fmt(bytes / MiB)} MiB`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects after `ms` with `what` in the message; the returned promise wins otherwise. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** Progress lines go to stderr so that a benchmark's stdout stays free. */
export function progress(text: string): void {
  process.stderr.write(`  … ${text}\n`);
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Frame times from requestAnimationFrame come in whole frames (16.7 ms at 60 Hz, read to ±0.1 ms), so a
 * target of 33 or 50 ms means "at most two or three frames": it is met up to half a millisecond over.
 */
export function withinFrameTarget(ms: number, targetMs: number): boolean {
  return ms <= targetMs + 0.5;
}

/** The sentence the methods use to say so. */
export const FRAME_NOTE =
  'Frame times come in whole frames (16.7 ms at 60 Hz), so a target of 33 or 50 ms counts as met up to half a ' +
  'millisecond over: two or three frames.';
