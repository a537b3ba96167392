import type { BridgeError, EnvelopeDiffErrorCode } from '../types/errors.js';
import { pathKey } from '../types/errors.js';
import type { Result } from '../types/result.js';
import { err, ok } from '../types/result.js';
import type { EnvelopeDiff } from './judgeEnvelope.js';

const kSchema = 'protocol_machine.envelope_diff.v1';
const kClasses: Readonly<Record<string, readonly string[]>> = {
  scheduler_permutation_class: ['Exact', 'SessionNormalizedPermutation', 'EnvelopeBounded'],
  effect_ordering_class: ['Exact', 'ReplayDeterministic', 'EnvelopeBounded'],
  failure_visible_diff_class: ['Exact', 'EnvelopeBounded'],
  effect_determinism_tier: ['strict_deterministic', 'replay_deterministic', 'envelope_bounded_nondeterministic'],
};

/**
 * Decodes an `EnvelopeDiff` (bridge.md §11.2), e.g. one saved in a report. `schema_version` must be
 * the string `protocol_machine.envelope_diff.v1` (a number is rejected) with telltale's message;
 * every other field is checked for its type and enum values.
 * @example
 * ```ts
 * decodeEnvelopeDiff({ schema_version: 'v0' }); // err: unsupported schema_version 'v0'; expected 'protocol_machine.envelope_diff.v1'
 * ```
 * @public
 */
export function decodeEnvelopeDiff(json: unknown): Result<EnvelopeDiff, BridgeError<EnvelopeDiffErrorCode>> {
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    return err({ code: 'InvalidEnvelopeDiff', path: '$', message: 'an EnvelopeDiff must be a JSON object' });
  // Checked to be a non-array object just above.
  const o = json as Record<string, unknown>;
  const v = o['schema_version'];
  if (typeof v !== 'string' || v !== kSchema) {
    return err({
      code: 'UnsupportedSchemaVersion',
      path: '$.schema_version',
      message: `unsupported schema_version '${typeof v === 'string' ? v : JSON.stringify(v ?? null)}'; expected '${kSchema}'`,
    });
  }
  for (const key of ['baseline_engine', 'candidate_engine']) {
    if (typeof o[key] !== 'string')
      return err({ code: 'InvalidEnvelopeDiff', path: pathKey('$', key), message: `${key} must be a string` });
  }
  for (const [key, values] of Object.entries(kClasses)) {
    if (typeof o[key] !== 'string' || !values.includes(o[key])) {
      return err({
        code: 'InvalidEnvelopeDiff',
        path: pathKey('$', key),
        message: `${key} must be one of ${values.join(', ')}`,
      });
    }
  }
  const w = o['wave_width_bound'];
  const wp = pathKey('$', 'wave_width_bound');
  if (w === null || typeof w !== 'object' || Array.isArray(w))
    return err({ code: 'InvalidEnvelopeDiff', path: wp, message: 'wave_width_bound must be an object' });
  for (const key of ['baseline_max_wave_width', 'candidate_max_wave_width', 'declared_upper_bound']) {
    // `w` was checked to be an object just above.
    const n = (w as Record<string, unknown>)[key];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
      return err({ code: 'InvalidEnvelopeDiff', path: pathKey(wp, key), message: `${key} must be a natural number` });
  }
  // Every key and value was checked above.
  return ok(o as unknown as EnvelopeDiff);
}
