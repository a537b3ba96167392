import type { AnyFuzzProperty } from './types.js';

/**
 * The built-in properties, in report order. Properties whose module is not part of this build are
 * absent.
 * @example `builtinProperties().map((p) => p.id)`
 * @public
 */
export function builtinProperties(): readonly AnyFuzzProperty[] {
  return [];
}
