import { maxWorkers, workersProblem } from '../../fuzz/campaignDefaults.js';

/**
 * Parses `--workers N`: an integer from 1 to `maxWorkers()` (4 per available core). Returns the
 * number, or the usage message.
 * @example `parseWorkers('2') // 2`
 * @internal
 */
export function parseWorkers(text: string): number | string {
  if (!/^\d+$/.test(text.trim())) return `--workers expects an integer from 1 to ${maxWorkers()}, got '${text}'`;
  const problem = workersProblem(Number(text));
  return problem === null ? Number(text) : `--${problem}`;
}
