import { IS_MAC } from './platform';

/** Everything a shortcut can do. Terminal-only commands act only while the Terminals view shows. */
export type Command =
  | 'tab.new'
  | 'tab.close'
  | 'tab.next'
  | 'tab.previous'
  | 'tab.moveLeft'
  | 'tab.moveRight'
  | 'tab.duplicate'
  | `tab.goto${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`
  | 'terminal.find'
  | 'terminal.copy'
  | 'terminal.paste'
  | 'zoom.in'
  | 'zoom.out'
  | 'zoom.reset'
  | 'view.instances'
  | 'view.terminals'
  | 'view.settings'
  | 'instances.search';

interface Binding {
  /** Ctrl (Cmd on macOS). */
  mod?: boolean;
  /** The Ctrl key itself, on every platform (Ctrl+Tab). */
  ctrl?: boolean;
  shift?: boolean;
  alt?: boolean;
  /** KeyboardEvent.code: layout-independent for digits and punctuation. */
  code?: string;
  /** KeyboardEvent.key, lower-cased. */
  key?: string;
}

interface Shortcut {
  command: Command;
  description: string;
  bindings: Binding[];
}

const letter = (key: string, shifted = !IS_MAC): Binding => ({ mod: true, shift: shifted, key });

const SHORTCUTS: Shortcut[] = [
  { command: 'tab.new', description: 'New shell tab', bindings: [letter('t')] },
  { command: 'tab.close', description: 'Close tab', bindings: [letter('w')] },
  {
    command: 'tab.next',
    description: 'Next tab',
    bindings: [
      { ctrl: true, key: 'tab' },
      { ctrl: true, key: 'pagedown' },
      ...(IS_MAC ? [{ mod: true, shift: true, code: 'BracketRight' }] : []),
    ],
  },
  {
    command: 'tab.previous',
    description: 'Previous tab',
    bindings: [
      { ctrl: true, shift: true, key: 'tab' },
      { ctrl: true, key: 'pageup' },
      ...(IS_MAC ? [{ mod: true, shift: true, code: 'BracketLeft' }] : []),
    ],
  },
  {
    command: 'tab.moveLeft',
    description: 'Move tab left',
    bindings: [{ ctrl: true, shift: true, key: 'pageup' }],
  },
  {
    command: 'tab.moveRight',
    description: 'Move tab right',
    bindings: [{ ctrl: true, shift: true, key: 'pagedown' }],
  },
  {
    command: 'tab.duplicate',
    description: 'Duplicate tab',
    bindings: [{ mod: true, shift: true, key: 'd' }],
  },
  ...([1, 2, 3, 4, 5, 6, 7, 8, 9] as const).map((n): Shortcut => ({
    command: `tab.goto${n}`,
    description: `Go to tab ${n}`,
    bindings: [IS_MAC ? { mod: true, code: `Digit${n}` } : { alt: true, code: `Digit${n}` }],
  })),
  { command: 'terminal.find', description: 'Find in terminal', bindings: [letter('f')] },
  { command: 'terminal.copy', description: 'Copy selection', bindings: [letter('c')] },
  {
    command: 'terminal.paste',
    description: 'Paste',
    bindings: [letter('v'), ...(IS_MAC ? [] : [{ shift: true, key: 'insert' }])],
  },
  {
    command: 'zoom.in',
    description: 'Larger terminal text',
    bindings: [
      { mod: true, code: 'Equal' },
      { mod: true, shift: true, code: 'Equal' },
      { mod: true, code: 'NumpadAdd' },
    ],
  },
  {
    command: 'zoom.out',
    description: 'Smaller terminal text',
    bindings: [
      { mod: true, code: 'Minus' },
      { mod: true, code: 'NumpadSubtract' },
    ],
  },
  {
    command: 'zoom.reset',
    description: 'Reset terminal text size',
    bindings: [
      { mod: true, code: 'Digit0' },
      { mod: true, code: 'Numpad0' },
    ],
  },
  {
    command: 'view.instances',
    description: 'Show instances',
    bindings: [{ mod: true, shift: true, code: 'Digit1' }],
  },
  {
    command: 'view.terminals',
    description: 'Show terminals',
    bindings: [{ mod: true, shift: true, code: 'Digit2' }],
  },
  { command: 'view.settings', description: 'Show settings', bindings: [{ mod: true, code: 'Comma' }] },
  {
    command: 'instances.search',
    description: 'Search instances',
    bindings: [{ mod: true, key: 'f' }, { key: '/' }],
  },
];

function matches(binding: Binding, event: KeyboardEvent): boolean {
  const wantCtrl = binding.ctrl === true || (binding.mod === true && !IS_MAC);
  const wantMeta = binding.mod === true && IS_MAC;
  if (event.ctrlKey !== wantCtrl || event.metaKey !== wantMeta) return false;
  if (event.shiftKey !== (binding.shift === true) || event.altKey !== (binding.alt === true)) return false;
  if (binding.code !== undefined) return event.code === binding.code;
  return event.key.toLowerCase() === binding.key;
}

/** The command a key press stands for, if any. */
export function commandFor(event: KeyboardEvent): Command | undefined {
  for (const shortcut of SHORTCUTS) {
    if (shortcut.bindings.some((binding) => matches(binding, event))) return shortcut.command;
  }
  return undefined;
}

const KEY_NAMES: Record<string, string> = {
  tab: 'Tab',
  pagedown: 'PageDown',
  pageup: 'PageUp',
  insert: 'Insert',
  Equal: '=',
  Minus: '-',
  Comma: ',',
  NumpadAdd: 'Num +',
  NumpadSubtract: 'Num -',
  Numpad0: 'Num 0',
  BracketLeft: '[',
  BracketRight: ']',
};

function describeBinding(binding: Binding): string {
  const parts: string[] = [];
  if (binding.ctrl || (binding.mod && !IS_MAC)) parts.push(IS_MAC ? '⌃' : 'Ctrl');
  if (binding.alt) parts.push(IS_MAC ? '⌥' : 'Alt');
  if (binding.shift) parts.push(IS_MAC ? '⇧' : 'Shift');
  if (binding.mod && IS_MAC) parts.push('⌘');
  const raw = binding.code ?? binding.key ?? '';
  const key = KEY_NAMES[raw] ?? (raw.startsWith('Digit') ? raw.slice(5) : raw.toUpperCase());
  parts.push(key);
  return parts.join(IS_MAC ? '' : '+');
}

/** The first binding of a command, as the platform writes it ("Ctrl+Shift+T", "⌘T"). */
export function shortcutLabel(command: Command): string | undefined {
  const binding = SHORTCUTS.find((s) => s.command === command)?.bindings[0];
  return binding ? describeBinding(binding) : undefined;
}

/** Every shortcut with all its bindings, for the table in Settings. */
export function shortcutTable(): { command: Command; description: string; keys: string[] }[] {
  const rows = SHORTCUTS.filter((s) => !/^tab\.goto[2-9]$/.test(s.command)).map((s) => ({
    command: s.command,
    description: s.command === 'tab.goto1' ? 'Go to tab 1…9' : s.description,
    keys: s.bindings.map(describeBinding),
  }));
  return rows.map((row) =>
    row.command === 'tab.goto1' ? { ...row, keys: row.keys.map((k) => k.replace(/1$/, '1…9')) } : row,
  );
}
