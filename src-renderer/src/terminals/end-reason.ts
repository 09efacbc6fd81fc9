import type { SessionEndInfo } from '../../../src-shared/model/session-end';
import { wordsForCode } from '../app/error-words';

export interface EndReason {
  /** One short sentence: why the session ended. */
  title: string;
  /** The engine's message or the service's closing text, when they add something. */
  detail?: string;
  /** The session failed (shown in red) rather than ended normally. */
  failed: boolean;
}

/** Plain words for how a tab's session ended, from its kind and code (never from message text). */
export function describeEnd(end: SessionEndInfo): EndReason {
  const output = end.output?.trim();
  switch (end.kind) {
    case 'closed':
      return { title: 'The session ended', detail: output, failed: false };
    case 'timed-out':
      return { title: 'The session timed out after being idle', detail: output, failed: false };
    case 'input-ended':
      return { title: 'The session’s input ended', detail: end.message || output, failed: false };
    case 'local':
      return { title: 'SSM Desk ended the session', detail: end.message || output, failed: false };
    case 'failed': {
      const words = wordsForCode(end.code);
      return {
        title: words ? `The session failed: ${lowerFirst(words)}` : `The session failed (${end.code})`,
        detail: [end.message, output].filter(Boolean).join('\n') || undefined,
        failed: true,
      };
    }
  }
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
