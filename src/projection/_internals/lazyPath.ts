import { pathIndex, pathKey } from '../../types/errors.js';

/**
 * A JSON path kept as a parent chain and only turned into text when an error is reported, so that
 * decoding valid input builds no strings (paths grow with depth; eager text made decoding quadratic).
 */
export type LazyPath = { readonly parent: LazyPath; readonly key: string | number } | null;

/** Appends a member name or an array index. */
export function child(parent: LazyPath, key: string | number): LazyPath {
  return { parent, key };
}

/** The path text of §3.1 (`$`, `.key` / `["key"]`, `[i]`). */
export function render(p: LazyPath): string {
  const keys: Array<string | number> = [];
  for (let n = p; n !== null; n = n.parent) keys.push(n.key);
  let out = '$';
  for (const k of keys.reverse()) {
    out = typeof k === 'number' ? pathIndex(out, k) : pathKey(out, k);
  }
  return out;
}
