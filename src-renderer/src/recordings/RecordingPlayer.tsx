import { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { RecordingContent, RecordingInfo } from '../../../src-shared/model/recording';
import type { TerminalSettings } from '../../../src-shared/model/settings';
import type { AppModel } from '../app/app-model';
import { describeError } from '../app/app-model';
import { formatClock } from '../app/format';
import { Icon } from '../components/Icon';
import { IconButton } from '../components/IconButton';
import { Spinner } from '../components/Spinner';
import { xtermTheme } from '../terminals/xterm-theme';
import type { ResolvedTheme } from '../theme/use-resolved-theme';
import { AsciicastPlayer, type PlayerState } from './asciicast-player';

const SPEEDS = [0.5, 1, 1.5, 2, 4] as const;

export interface RecordingPlayerProps {
  model: AppModel;
  recording: RecordingInfo;
  theme: ResolvedTheme;
  terminal: TerminalSettings;
}

/** The largest font (up to the user's) at which the recording's screen fits the panel, both ways. */
function fittingFontSize(box: HTMLElement, cols: number, rows: number, preferred: number): number {
  // A monospace cell is about 0.6 em wide; rows are 1.15 em (the terminal's line height) tall.
  const byWidth = (box.clientWidth - 24) / (Math.max(2, cols) * 0.61);
  const byHeight = (box.clientHeight - 24) / (Math.max(1, rows) * 1.2);
  return Math.max(7, Math.min(preferred, Math.floor(Math.min(byWidth, byHeight))));
}

/**
 * The built-in asciicast player: the recording replayed into an xterm.js terminal of its size, with
 * play and pause (Space), speed from 0.5× to 4×, and a position slider (arrows, Page keys, Home, End).
 */
export function RecordingPlayer({ model, recording, theme, terminal }: RecordingPlayerProps): ReactElement {
  const host = useRef<HTMLDivElement>(null);
  const [content, setContent] = useState<{ id: string; value: RecordingContent } | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [state, setState] = useState<PlayerState | undefined>(undefined);
  const player = useRef<AsciicastPlayer | undefined>(undefined);
  const term = useRef<Terminal | undefined>(undefined);
  const { id } = recording;
  const themeRef = useRef(theme);
  useEffect(() => {
    themeRef.current = theme;
    if (term.current) term.current.options.theme = xtermTheme(theme);
  }, [theme]);

  useEffect(() => {
    let current = true;
    model.client.call('recordings.get', { id }).then(
      (value) => current && setContent({ id, value }),
      (error: unknown) => current && setFailure(describeError(error)),
    );
    return () => {
      current = false;
    };
    // A recording still being written is fetched again once it ends.
  }, [model, id, recording.live]);

  const loaded = content?.id === id ? content.value : undefined;
  useEffect(() => {
    const element = host.current;
    const box = element?.parentElement;
    if (!element || !box || !loaded) return;
    const fontSize = fittingFontSize(box, loaded.width, loaded.height, terminal.fontSize);
    const instance = new Terminal({
      cols: Math.max(2, loaded.width),
      rows: Math.max(1, loaded.height),
      fontFamily: terminal.fontFamily,
      fontSize,
      lineHeight: 1.15,
      scrollback: 0,
      disableStdin: true,
      cursorBlink: false,
      theme: xtermTheme(themeRef.current),
    });
    instance.open(element);
    term.current = instance;
    const next = new AsciicastPlayer(instance, loaded, setState);
    player.current = next;
    const resize = new ResizeObserver(() => {
      const size = fittingFontSize(box, instance.cols, instance.rows, terminal.fontSize);
      if (instance.options.fontSize !== size) instance.options.fontSize = size;
    });
    resize.observe(box);
    return () => {
      resize.disconnect();
      next.dispose();
      instance.dispose();
      if (player.current === next) player.current = undefined;
      if (term.current === instance) term.current = undefined;
      setState(undefined);
    };
  }, [loaded, terminal.fontFamily, terminal.fontSize]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const target = event.target as HTMLElement;
    if (event.key !== ' ' || target.closest('button, select, input')) return;
    event.preventDefault();
    player.current?.toggle();
  };

  const duration = state?.duration ?? recording.durationMs / 1000;
  const position = state?.position ?? 0;
  return (
    <section className="player" aria-label={`Player: ${recording.title}`} onKeyDown={onKeyDown}>
      <div className="player-screen" role="group" tabIndex={0} aria-label="Replayed screen">
        <div ref={host} className="player-terminal" />
        {!loaded && !failure && (
          <div className="player-loading">
            <Spinner size={16} /> Loading the recording…
          </div>
        )}
        {failure && (
          <div className="player-loading player-failure">
            <Icon name="alert" /> Could not load the recording: {failure}
          </div>
        )}
      </div>
      {loaded?.truncated && <p className="player-note">The recording is long: the player shows its start.</p>}
      <div className="player-controls">
        <IconButton
          icon={state?.playing ? 'pause' : 'run'}
          label={state?.playing ? 'Pause' : 'Play'}
          note="Space"
          variant="accent"
          unavailable={!state}
          onClick={() => player.current?.toggle()}
        />
        <span className="player-time" aria-hidden="true">
          {formatClock(position)} / {formatClock(duration)}
        </span>
        <input
          type="range"
          className="player-seek"
          aria-label="Position"
          min={0}
          // A whole number of steps, so End reaches the last event (seek() stops at the end).
          max={Math.max(0.1, Math.ceil(duration * 10) / 10)}
          step={0.1}
          value={position >= duration ? Math.ceil(duration * 10) / 10 : position}
          aria-valuetext={`${formatClock(position)} of ${formatClock(duration)}`}
          disabled={!state}
          onChange={(event) => player.current?.seek(Number(event.target.value))}
        />
        <select
          className="select player-speed"
          aria-label="Speed"
          value={state?.speed ?? 1}
          disabled={!state}
          onChange={(event) => player.current?.setSpeed(Number(event.target.value))}
        >
          {SPEEDS.map((speed) => (
            <option key={speed} value={speed}>
              {speed}×
            </option>
          ))}
        </select>
      </div>
    </section>
  );
}
