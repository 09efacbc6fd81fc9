import type { InventorySnapshot } from '../../../src-shared/contract/requests';
import type { InstanceRecord } from '../../../src-shared/model/instance';
import type { InventoryScope } from '../../../src-shared/model/inventory';

/** What the instance browser knows: every scope's state and rows, and the user's favourites. */
export interface InventoryState {
  /** False until the first snapshot arrived (the view shows skeleton rows meanwhile). */
  loaded: boolean;
  scopes: InventoryScope[];
  /** Rows per scope (scopeKey); a scope being refreshed keeps its old rows until the new ones come. */
  rows: ReadonlyMap<string, readonly InstanceRecord[]>;
  favourites: ReadonlySet<string>;
}

export const EMPTY_INVENTORY: InventoryState = {
  loaded: false,
  scopes: [],
  rows: new Map(),
  favourites: new Set(),
};

export function scopeKey(scope: { profile: string; region: string }): string {
  return `${scope.profile}|${scope.region}`;
}

export function fromSnapshot(snapshot: InventorySnapshot): InventoryState {
  const rows = new Map<string, InstanceRecord[]>();
  for (const scope of snapshot.scopes) rows.set(scopeKey(scope), []);
  for (const instance of snapshot.instances) {
    const key = scopeKey({ profile: instance.profile ?? '', region: instance.region });
    let list = rows.get(key);
    if (!list) rows.set(key, (list = []));
    list.push(instance);
  }
  return { loaded: true, scopes: snapshot.scopes, rows, favourites: new Set(snapshot.favourites) };
}

/** `inventory.scope`: the scope's new state, and all of its rows when it became ready. */
export function withScope(
  state: InventoryState,
  scope: InventoryScope,
  instances: readonly InstanceRecord[] | undefined,
): InventoryState {
  const key = scopeKey(scope);
  const known = state.scopes.some((s) => scopeKey(s) === key);
  const scopes = known
    ? state.scopes.map((s) => (scopeKey(s) === key ? scope : s))
    : [...state.scopes, scope];
  let rows = state.rows;
  if (instances || (scope.status === 'error' && rows.get(key)?.length)) {
    // A scope that failed lists nothing (its error shows instead), rather than rows that may be stale.
    const next = new Map(rows);
    next.set(key, instances ?? []);
    rows = next;
  }
  return { ...state, scopes, rows };
}

/** `inventory.reset`: the chosen scopes changed; every row is forgotten. */
export function withReset(state: InventoryState, scopes: InventoryScope[]): InventoryState {
  return { ...state, loaded: true, scopes, rows: new Map() };
}

export function withFavourites(state: InventoryState, favourites: readonly string[]): InventoryState {
  return { ...state, favourites: new Set(favourites) };
}
