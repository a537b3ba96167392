import type { ResolvedParityOptions } from '../options.js';

// A registered symbol, so the setup file and the user's import see one value even when the package
// is loaded twice (once through Vitest's module runner, once natively).
const kKey = Symbol.for('telltale-parity.resolvedOptions');

/** @internal */
export function setResolvedOptions(options: ResolvedParityOptions): void {
  // globalThis has no index signature for our registered symbol.
  (globalThis as Record<symbol, unknown>)[kKey] = options;
}

/** @internal */
export function getResolvedOptions(): ResolvedParityOptions | undefined {
  // globalThis has no index signature; only setResolvedOptions writes this key.
  const v = (globalThis as Record<symbol, unknown>)[kKey];
  return v !== null && typeof v === 'object' ? (v as ResolvedParityOptions) : undefined;
}
