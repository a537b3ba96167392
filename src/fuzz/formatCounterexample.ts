import type { Counterexample } from './types.js';

/**
 * The failure block of style.md §4: property and case count, seed + path + a ready-to-run replay
 * line, the shrunk counterexample and where it is saved, the first divergence, a hint.
 *
 * @example
 * ```ts
 * for (const c of report.counterexamples) process.stdout.write(formatCounterexample(c, campaignSeed));
 * ```
 * @public
 */
export function formatCounterexample(c: Counterexample, campaignSeed: string, cases?: number): string {
  const replay =
    c.corpusFile === null
      ? `telltale-parity fuzz --seed ${campaignSeed} --properties ${c.property}`
      : `telltale-parity replay ${c.corpusFile}`;
  const divergence =
    c.divergence === null || c.divergence === undefined ? c.summary : `${c.summary}\n  ${oneLine(c.divergence)}`;
  const input = oneLine(c.input);
  return [
    `Property "${c.property}" failed${cases === undefined ? '' : ` after ${cases} cases`}`,
    `{ seed: ${c.seed}, path: "${c.path}" }  replay: ${replay}`,
    `Counterexample (shrunk ${c.numShrinks} time${c.numShrinks === 1 ? '' : 's'}${c.fullyShrunk === false ? ', not fully shrunk: the time budget ran out' : ''})${c.corpusFile === null ? ' (not saved)' : ` saved as ${c.corpusFile}`}: ${input.length > 400 ? `${input.slice(0, 400)}…` : input}`,
    `First divergence: ${divergence}`,
    `Hint: ${c.hint ?? `fast-check replay: fc.assert(property, { seed: ${c.seed}, path: "${c.path}" }); the saved entry becomes a regression test through corpusTests()`}`,
    '',
  ].join('\n');
}

function oneLine(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
