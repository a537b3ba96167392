/**
 * Determinism profiles (bridge.md §10), with the Rust spellings used in JSON and on the CLI.
 * @example `const p: DeterminismProfile = 'ModuloCommutativity';`
 * @public
 */
export type DeterminismProfile = 'Full' | 'ModuloEffects' | 'ModuloCommutativity' | 'Replay';

/** All profiles, in the spec's order. @example `DETERMINISM_PROFILES.includes('Full') // true` @public */
export const DETERMINISM_PROFILES: readonly DeterminismProfile[] = [
  'Full',
  'ModuloEffects',
  'ModuloCommutativity',
  'Replay',
];
