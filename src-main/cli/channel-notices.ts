import type { DataChannelState } from '../../src-shared/model/channel-state.js';
import type { ChannelStateInfo } from '../client/start-shell.js';

/**
 * What `connect` says about its data channel: one line per change the user should know of, and none
 * for the attempts in between (issue 8 §1): "connection lost, reconnecting…" when an outage starts,
 * "reconnected (after 2.4 s)" when it ends, "gave up …" when the channel does. A storm of connections
 * that drop at once is one line each way per drop, however many failed attempts lie between.
 */
export class ChannelNotices {
  private lost = false;

  /** The line for this state change, or undefined when it is no news. */
  next(state: DataChannelState, info: ChannelStateInfo | undefined): string | undefined {
    const reason = info?.reason;
    if (state === 'reconnecting') {
      if (this.lost) return undefined;
      this.lost = true;
      return 'connection lost, reconnecting…';
    }
    if (!this.lost) return undefined;
    if (state === 'open') {
      this.lost = false;
      return info?.outageMs !== undefined ? `reconnected (after ${duration(info.outageMs)})` : 'reconnected';
    }
    if (state === 'closed') {
      this.lost = false;
      // The session's end line, which follows, says why.
      if (reason === 'gave-up') return `gave up reconnecting after ${duration(info?.outageMs ?? 0)}`;
      if (reason === 'timed-out') return 'could not reconnect: the service no longer knows the session';
    }
    return undefined;
  }
}

/** `850 ms`, `2.4 s`, `42 s`, `10 min 5 s`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const rest = seconds % 60;
  return `${Math.floor(seconds / 60)} min${rest > 0 ? ` ${rest} s` : ''}`;
}
