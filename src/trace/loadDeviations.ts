import { readFileSync } from 'node:fs';
import type { Result } from '../types/result.js';
import { err, ok } from '../types/result.js';
import { checkDeviations, type DeviationCheck, type DeviationProblem } from './checkDeviations.js';

/**
 * Reads and validates a deviation registry file (bridge.md §14.1). Expired entries load (they still
 * waive, with a warning) and are listed in `problems`; any other problem, an unreadable file or
 * invalid JSON is an error listing every problem.
 *
 * @param file - Path of the registry (a JSON array).
 * @param options - `today` (`YYYY-MM-DD`) for expiry; default the current UTC date.
 * @example
 * ```ts
 * const r = loadDeviations('deviations.json');
 * if (!r.ok) throw new Error(r.error.map((p) => `${p.entry}: ${p.message}`).join('\n'));
 * observationallyEquivalent(a, b, { deviations: r.value.entries });
 * ```
 * @public
 */
export function loadDeviations(
  file: string,
  options: { today?: string } = {},
): Result<DeviationCheck, readonly DeviationProblem[]> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return err([
      {
        code: 'Unreadable',
        path: '$',
        entry: file,
        message: `cannot read the deviation registry ${file}: ${reason}; check the path`,
      },
    ]);
  }
  return parseDeviations(text, options);
}

/**
 * {@link loadDeviations} on the file's text.
 * @example `parseDeviations('[]') // { ok: true, value: { entries: [], problems: [] } }`
 * @public
 */
export function parseDeviations(
  text: string,
  options: { today?: string } = {},
): Result<DeviationCheck, readonly DeviationProblem[]> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return err([
      {
        code: 'InvalidJSON',
        path: '$',
        entry: '$',
        message: `the deviation registry is not valid JSON (${reason}); it must be a JSON array of entries`,
      },
    ]);
  }
  const check = checkDeviations(json, options);
  const fatal = check.problems.filter((p) => p.code !== 'Expired');
  return fatal.length > 0 ? err(check.problems) : ok(check);
}
