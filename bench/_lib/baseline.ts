/**
 * The baseline checkout a bench compares against in the same run: `TELLTALE_BASELINE_DIR` names a
 * built checkout (its `dist/src/index.js` is imported through the public API). Without it, rows
 * say so instead of printing a number from elsewhere.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The variable that names the baseline checkout. */
export const kBaselineEnv = 'TELLTALE_BASELINE_DIR';

/** The baseline checkout's directory, or `null` when none is configured. Throws when it is not built. */
export function baselineDir(): string | null {
  const raw = process.env[kBaselineEnv];
  if (raw === undefined || raw.trim() === '') return null;
  const dir = resolve(raw);
  if (!existsSync(join(dir, 'dist', 'src', 'index.js')))
    throw new Error(
      `${kBaselineEnv}=${raw}: no dist/src/index.js there; run \`npm ci && npm run build\` in that checkout`,
    );
  return dir;
}

/** What to print in a baseline cell when there is no baseline. */
export const kNoBaseline = `not measured (set ${kBaselineEnv}=/path/to/built/checkout)`;

/** One sentence on the baseline of this run. */
export function baselineNote(): string {
  const raw = process.env[kBaselineEnv];
  return raw === undefined || raw.trim() === ''
    ? `baseline: not measured (set ${kBaselineEnv}=/path/to/a/built/checkout of the commit to compare with)`
    : `baseline: ${resolve(raw)} (measured in this run, alternating with this checkout)`;
}
