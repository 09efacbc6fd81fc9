import type { InstanceRecord } from '../client/instance-record.js';
import { palette } from './ansi.js';
import type { CliIO } from './cli-io.js';
import { initialPicker, parseKeys, pickerStep, type PickerState } from './picker-state.js';

const VISIBLE_ROWS = 10;

const label = (i: InstanceRecord): string =>
  `${i.name ?? '-'}  ${i.instanceId}  ${i.region}  ${i.pingStatus ?? '-'}  ${i.platformName ?? i.platformType ?? ''}`;

/**
 * An interactive fuzzy picker on the terminal (drawn on stderr): type to filter, arrows (or Ctrl-P /
 * Ctrl-N) to move, Enter to choose, Esc or Ctrl-C to cancel (undefined). Raw mode is restored on
 * every path.
 */
export async function pickInstance(
  io: CliIO,
  items: InstanceRecord[],
  query: string,
): Promise<InstanceRecord | undefined> {
  const out = io.stderr;
  const p = palette(io.color || (out.isTTY === true && !io.env.NO_COLOR));
  const text = (i: InstanceRecord): string => `${i.name ?? ''} ${i.instanceId} ${i.region}`;
  let state: PickerState<InstanceRecord> = initialPicker(items, text, query);
  let drawnLines = 0;
  const draw = (): void => {
    const width = Math.max(20, (out.columns || 80) - 4);
    const top = Math.max(0, Math.min(state.selected - VISIBLE_ROWS + 1, state.matches.length - VISIBLE_ROWS));
    const rows = state.matches.slice(top, top + VISIBLE_ROWS).map((item, index) => {
      const line = label(item).slice(0, width);
      return top + index === state.selected ? `${p.cyan('>')} ${p.inverse(line)}` : `  ${line}`;
    });
    const lines = [
      `${p.bold('Choose an instance')} ${p.dim(`(${state.matches.length}/${items.length}; type to filter, ↑/↓, Enter, Esc)`)}`,
      ...rows,
      `${p.cyan('?')} ${state.query}`,
    ];
    let frame = drawnLines > 0 ? `\r\u001b[${drawnLines - 1}A` : '';
    frame += '\u001b[J' + lines.join('\r\n');
    out.write(frame);
    drawnLines = lines.length;
  };
  const stdin = io.stdin;
  const wasRaw = stdin.isRaw;
  stdin.setRawMode?.(true);
  stdin.resume();
  try {
    return await new Promise<InstanceRecord | undefined>((resolve) => {
      const onData = (data: Buffer): void => {
        for (const key of parseKeys(data.toString('utf8'))) {
          const step = pickerStep(state, key, items, text);
          state = step.state;
          if (step.done) {
            stdin.removeListener('data', onData);
            stdin.removeListener('end', onEnd);
            resolve(step.done.chosen);
            return;
          }
        }
        draw();
      };
      const onEnd = (): void => {
        stdin.removeListener('data', onData);
        resolve(undefined);
      };
      stdin.on('data', onData);
      stdin.once('end', onEnd);
      draw();
    });
  } finally {
    stdin.setRawMode?.(wasRaw ?? false);
    stdin.pause();
    // Clear the picker from the screen.
    out.write(drawnLines > 0 ? `\r\u001b[${drawnLines - 1}A\u001b[J` : '');
  }
}
