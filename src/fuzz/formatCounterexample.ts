import type { CorpusEntry } from '../corpus/types.js';
import { stringifyExact } from './report/reportDocument.js';
import { counted, kNotFullyShrunk } from './report/status.js';
import { commandLine, rerunCommand, reproduceCommands } from './reproduce.js';
import type { Counterexample, PropertyVerdict } from './types.js';

const kMaxInput = 400;

/**
 * The failure block printed for a counterexample a campaign found: property and case count, seed +
 * path + the replay command (with the lanes the entry needs, quoted for a shell: it works when
 * pasted), the shrunk counterexample and where it is saved, the first divergence, a hint, and the
 * command that shows the whole entry.
 *
 * @example
 * ```ts
 * for (const c of report.counterexamples) process.stdout.write(formatCounterexample(c, report.seed));
 * ```
 * @public
 */
export function formatCounterexample(c: Counterexample, campaignSeed: string, cases?: number): string {
  const replay =
    c.replay ??
    (c.corpusFile === null
      ? rerunCommand(c, { seed: campaignSeed, chunkSize: 20 })
      : reproduceCommands(c, c.corpusFile).replay);
  const shrunk = `shrunk ${counted(c.numShrinks, 'time')}${c.fullyShrunk === false ? `, ${kNotFullyShrunk}` : ''}`;
  return [
    `Property "${c.property}" failed${cases === undefined ? '' : ` after ${counted(cases, 'case')}`}`,
    `{ seed: ${c.seed}, path: "${c.path}" }  replay: ${replay}`,
    `Counterexample (${shrunk})${c.corpusFile === null ? ' (not saved)' : ` saved as ${c.corpusFile}`}: ${clipped(c.input)}`,
    `First divergence: ${divergenceText(c.summary, c.divergence)}`,
    `Hint: ${c.hint ?? `fast-check replay: fc.assert(property, { seed: ${c.seed}, path: "${c.path}" }); the saved entry becomes a regression test through corpusTests()`}`,
    ...(c.corpusFile === null
      ? []
      : [
          `Inspect: ${commandLine(['telltale-parity', 'corpus', 'show', c.corpusFile])} (the input as JSON and every command that reproduces it)`,
        ]),
    '',
  ].join('\n');
}

/**
 * The block printed when a saved entry fails again (replay, `corpusTests()`): what the entry is and
 * how it was found, its input, the failure seen now, and the command that replays it — nothing about
 * shrinking or saving, which happened when it was found.
 * @example `throw new Error(formatReplayFailure(loaded.file, loaded.entry, verdict))`
 * @public
 */
export function formatReplayFailure(
  file: string,
  entry: CorpusEntry,
  verdict: Extract<PropertyVerdict, { pass: false }>,
): string {
  const found = [
    `found by telltale-parity ${entry.toolVersion}`,
    ...(entry.campaignSeed === undefined ? [] : [`campaign seed ${entry.campaignSeed}`]),
    `fast-check { seed: ${entry.seed}, path: "${entry.path}" }`,
  ].join(', ');
  return [
    `Saved counterexample of "${entry.property}" fails again: ${verdict.summary}`,
    `Entry: ${file} (${found})`,
    `Input: ${clipped(entry.input)}`,
    ...(verdict.divergence === null || verdict.divergence === undefined
      ? []
      : [`First divergence: ${divergenceText(verdict.summary, verdict.divergence)}`]),
    ...(verdict.hint === undefined ? [] : [`Hint: ${verdict.hint}`]),
    `Replay: ${reproduceCommands(entry, file).replay}`,
    '',
  ].join('\n');
}

function divergenceText(summary: string, divergence: unknown): string {
  return divergence === null || divergence === undefined ? summary : `${summary}\n  ${stringifyExact(divergence)}`;
}

function clipped(value: unknown): string {
  let text: string;
  try {
    text = stringifyExact(value);
  } catch {
    text = String(value);
  }
  return text.length > kMaxInput ? `${text.slice(0, kMaxInput)}…` : text;
}
