/**
 * How the search boxes (instances, tunnels, history) match: the words typed, in any order, each
 * found somewhere in a row's text, case aside. Kept in one place so the views cannot drift apart.
 */

/** The words typed in a search box, lowercased; none when it is empty. */
export function searchTerms(search: string): string[] {
  return search.toLowerCase().split(/\s+/).filter(Boolean);
}

/** A row's searchable text from its fields (missing ones count as empty), lowercased. */
export function searchText(fields: readonly (string | number | undefined)[]): string {
  return fields.join(' ').toLowerCase();
}

/** Whether a row's lowercased text holds every term (always, when there are none). */
export function matchesTerms(text: string, terms: readonly string[]): boolean {
  return terms.every((term) => text.includes(term));
}
