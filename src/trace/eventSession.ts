/**
 * The session an event belongs to (bridge.md §9.1, telltale's `event_session`), on the JSON form of an
 * event: `session`, else `sid`, else `edge.sid`, else `endpoint.sid`, else the first hit of a search of
 * every member (keys in ascending order, array items in order). `null` never counts.
 *
 * @param event - A bridge event or any JSON object.
 * @returns The session id, or `null` when the event carries none (`halted`, `faulted`).
 * @example
 * ```ts
 * eventSession({ schema_version: 'lean_bridge.v1', kind: 'sent', tick: 3, session: 1 }); // 1
 * eventSession({ schema_version: 'lean_bridge.v1', kind: 'halted', tick: 9, target: '0' }); // null
 * ```
 * @public
 */
export function eventSession(event: unknown): number | null {
  if (event === null || typeof event !== 'object') return null;
  // A non-null object (checked above); fields are read as unknown.
  const o = event as Record<string, unknown>;
  // Fast path: every session-carrying bridge event has a plain `session`.
  const s = o['session'];
  if (isSid(s)) return s;
  return searchSession(o);
}

function isSid(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function sidOf(v: unknown): number | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  // A non-array object (checked above).
  const sid = (v as Record<string, unknown>)['sid'];
  return isSid(sid) ? sid : null;
}

function searchSession(o: Record<string, unknown>): number | null {
  if (isSid(o['session'])) return o['session'];
  if (isSid(o['sid'])) return o['sid'];
  const edge = sidOf(o['edge']);
  if (edge !== null) return edge;
  const endpoint = sidOf(o['endpoint']);
  if (endpoint !== null) return endpoint;
  const keys = Object.keys(o).sort();
  for (const k of keys) {
    const hit = searchValue(o[k]);
    if (hit !== null) return hit;
  }
  return null;
}

function searchValue(v: unknown): number | null {
  if (v === null || typeof v !== 'object') return null;
  if (Array.isArray(v)) {
    for (const item of v) {
      const hit = searchValue(item);
      if (hit !== null) return hit;
    }
    return null;
  }
  // Arrays and non-objects returned above.
  return searchSession(v as Record<string, unknown>);
}
