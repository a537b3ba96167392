import { resolveProperties } from './_internals/resolveProperties.js';

/**
 * Ids and descriptions of the built-in properties (what `telltale-parity fuzz --list` prints),
 * plus one `lane-<name>-vs-cooperative` per lane name given.
 * @example `listProperties().map((p) => p.id)`
 * @public
 */
export function listProperties(laneNames: readonly string[] = []): { id: string; description: string }[] {
  const lanes = Object.fromEntries(laneNames.map((name) => [name, '']));
  return resolveProperties({ lean: null, lanes }).map((p) => ({ id: p.id, description: p.description }));
}
