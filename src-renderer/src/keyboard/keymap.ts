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
  | 'view.tunnels'
  | 'view.fleet'
  | 'view.recordings'
  | 'view.history'
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
  {
    command: 'view.tunnels',
    description: 'Show tunnels',
    bindings: [{ mod: true, shift: true, code: 'Digit3' }],
  },
  {
    command: 'view.fleet',
    description: 'Show fleet runs',
    bindings: [{ mod: true, shift: true, code: 'Digit4' }],
  },
  {
    command: 'view.recordings',
    description: 'Show recordings',
    bindings: [{ mod: true, shift: true, code: 'Digit5' }],
  },
  {
    command: 'view.history',
    description: 'Show history',
    bindings: [{ mod: true, shift: true, code: 'Digit6' }],
  },
  { command: 'view.settings', description: 'Show settings', bindings: [{ mod: true, code: 'Comma' }] },
  {
    command: 'instances.search',
    description: 'Search instances',
    bindings: [{ mod: true, key: 'f' }, { key: '/' }],
  },
];

const CODE_KEYS: Record<string, string> = {
  '=': 'Equal',
  plus: 'Equal',
  '-': 'Minus',
  minus: 'Minus',
  ',': 'Comma',
  '[': 'BracketLeft',
  ']': 'BracketRight',
};

/**
 * An accelerator as the settings store it ("Ctrl+Shift+T", "CmdOrCtrl+=", "Alt+3"), or undefined
 * when it cannot be read. CmdOrCtrl (Electron's spelling) and Mod mean Cmd on macOS, Ctrl elsewhere.
 */
export function parseAccelerator(text: string): Binding | undefined {
  const parts = text
    .split('+')
    .map((part) => part.trim())
    .filter(Boolean);
  // "Ctrl++" splits into an empty last part: the key is "+".
  if (text.trim().endsWith('++')) parts.push('plus');
  const key = parts.pop();
  if (!key) return undefined;
  const binding: Binding = {};
  for (const modifier of parts.map((p) => p.toLowerCase())) {
    if (modifier === 'shift') binding.shift = true;
    else if (modifier === 'alt' || modifier === 'option') binding.alt = true;
    else if (modifier === 'cmdorctrl' || modifier === 'commandorcontrol' || modifier === 'mod')
      binding.mod = true;
    else if (modifier === 'ctrl' || modifier === 'control') {
      if (IS_MAC) binding.ctrl = true;
      else binding.mod = true;
    } else if (modifier === 'cmd' || modifier === 'command' || modifier === 'meta' || modifier === 'super') {
      if (!IS_MAC) return undefined;
      binding.mod = true;
    } else return undefined;
  }
  const lower = key.toLowerCase();
  if (/^\d$/.test(key)) binding.code = `Digit${key}`;
  else if (CODE_KEYS[lower]) binding.code = CODE_KEYS[lower];
  else if (/^[a-z]$/.test(lower) || /^f\d{1,2}$/.test(lower) || /^[a-z]+$/.test(lower)) binding.key = lower;
  else if (key.length === 1) binding.key = key;
  else return undefined;
  return binding;
}

/** The same binding as an accelerator the settings can store. */
export function formatAccelerator(binding: Binding): string {
  const parts: string[] = [];
  if (binding.mod) parts.push('CmdOrCtrl');
  if (binding.ctrl) parts.push('Ctrl');
  if (binding.alt) parts.push('Alt');
  if (binding.shift) parts.push('Shift');
  const raw = binding.code ?? binding.key ?? '';
  const byCode = Object.entries(CODE_KEYS).find(([, code]) => code === raw)?.[0];
  parts.push(
    raw.startsWith('Digit')
      ? raw.slice(5)
      : byCode && byCode.length === 1
        ? byCode
        : raw.length === 1
          ? raw.toUpperCase()
          : capitalise(raw),
  );
  return parts.join('+');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The binding a key press makes, for recording a new shortcut (undefined for a lone modifier). */
export function bindingOf(event: KeyboardEvent): Binding | undefined {
  if (['Control', 'Shift', 'Alt', 'Meta', 'Dead', 'Unidentified'].includes(event.key)) return undefined;
  const binding: Binding = {};
  if (IS_MAC ? event.metaKey : event.ctrlKey) binding.mod = true;
  if (IS_MAC && event.ctrlKey) binding.ctrl = true;
  if (event.altKey) binding.alt = true;
  if (event.shiftKey) binding.shift = true;
  if (/^Digit\d$/.test(event.code) || Object.values(CODE_KEYS).includes(event.code))
    binding.code = event.code;
  else binding.key = event.key.toLowerCase();
  return binding;
}

let overrides: ReadonlyMap<Command, Binding> = new Map();

/** The user's shortcut overrides (settings.keybindings: command → accelerator); unreadable ones are ignored. */
export function setKeybindings(keybindings: Readonly<Record<string, string>>): void {
  const next = new Map<Command, Binding>();
  for (const [command, accelerator] of Object.entries(keybindings)) {
    const binding = parseAccelerator(accelerator);
    if (binding && SHORTCUTS.some((s) => s.command === command)) next.set(command as Command, binding);
  }
  overrides = next;
}

function bindingsOf(shortcut: Shortcut): Binding[] {
  const override = overrides.get(shortcut.command);
  return override ? [override] : shortcut.bindings;
}

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
    if (bindingsOf(shortcut).some((binding) => matches(binding, event))) return shortcut.command;
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
  const shortcut = SHORTCUTS.find((s) => s.command === command);
  const binding = shortcut ? bindingsOf(shortcut)[0] : undefined;
  return binding ? describeBinding(binding) : undefined;
}

/** Every shortcut with all its bindings, for the table in Settings. */
export function shortcutTable(): {
  command: Command;
  description: string;
  keys: string[];
  changed: boolean;
}[] {
  return SHORTCUTS.map((s) => ({
    command: s.command,
    description: s.description,
    keys: bindingsOf(s).map(describeBinding),
    changed: overrides.has(s.command),
  }));
}

export { describeBinding };
export type { Binding };
