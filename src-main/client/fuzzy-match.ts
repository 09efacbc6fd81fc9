/**
 * Subsequence fuzzy matching for the instance picker: every query character must appear in order.
 * Higher scores for contiguous runs, matches at word starts and shorter texts. undefined = no match.
 */
export function fuzzyScore(query: string, text: string): number | undefined {
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  if (q === '') return 0;
  let score = 0;
  let previous = -2;
  let position = 0;
  for (const char of q) {
    const found = t.indexOf(char, position);
    if (found < 0) return undefined;
    score += found === previous + 1 ? 5 : 1;
    if (found === 0 || /[-_.\s/:]/.test(t[found - 1] ?? '')) score += 3;
    previous = found;
    position = found + 1;
  }
  return score * 100 - t.length;
}

/** Items that match, best first. */
export function fuzzyFilter<T>(query: string, items: readonly T[], text: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, score: fuzzyScore(query, text(item)) }))
    .filter((entry): entry is { item: T; score: number } => entry.score !== undefined)
    .sort((a, b) => b.score - a.score)
    .map((entry) => entry.item);
}
