/**
 * A first size for a new shell, before its terminal exists: the last size a terminal fitted to, or
 * what the window would hold at this font size. The terminal's first fit corrects it at once.
 */
export function estimateTerminalSize(
  known: { cols: number; rows: number } | undefined,
  fontSize: number,
): { cols: number; rows: number } {
  if (known) return known;
  const cellWidth = fontSize * 0.6;
  const cellHeight = Math.ceil(fontSize * 1.15 * 1.2);
  const chrome = 46 + 38 + 32 + 8;
  return {
    cols: Math.max(20, Math.min(1000, Math.floor((window.innerWidth - 24) / cellWidth))),
    rows: Math.max(5, Math.min(500, Math.floor((window.innerHeight - chrome) / cellHeight))),
  };
}
