/**
 * `telltale-parity heap check FILE...` (heap.md §7.4): check heap vector files of the three
 * schemas, print one line per vector group, one summary per file and a total.
 * Exit 0 all fields match, 1 any mismatch or a file that is not a heap vector document (not UTF-8
 * JSON, no known schema, a field that does not decode), 2 an unreadable file (highest wins).
 */
import { checkHeapVectors, parseHeapJson } from '../../heap/checkHeapVectors.js';
import { parseCommandArgs, usageError } from '../_internals/parseCommandArgs.js';
import { decodeInputText, readInputBytes } from '../_internals/readInput.js';

const USAGE = [
  'Usage: telltale-parity heap check FILE...',
  '',
  'Recompute every field of heap vector files (heap_vectors_v1 documents or arrays of them,',
  'heap_parity.v1, heap_vectors_extra.v1) and report each mismatch with its JSON path.',
  'Exit codes: 0 all fields match, 1 a field differs or a file is not a heap vector document (not JSON,',
  'no known schema, a value that does not decode), 2 usage error or a file that cannot be read.',
].join('\n');

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

function summary(vectors: number, fields: number, mismatches: number): string {
  return `${plural(vectors, 'vector')}, ${plural(fields, 'field')}, ${plural(mismatches, 'mismatch', 'mismatches')}`;
}

async function checkFile(
  file: string,
  out: string[],
  err: string[],
): Promise<{ code: number; vectors: number; fields: number; mismatches: number; errors?: number }> {
  const none = { vectors: 0, fields: 0, mismatches: 0 };
  const bytes = await readInputBytes(file);
  if (!bytes.ok) {
    err.push(`${file}: error Unreadable at $: cannot read the file: ${bytes.error}; check the path`);
    return { code: 2, errors: 1, ...none };
  }
  const text = decodeInputText(bytes.value);
  if (!text.ok) {
    err.push(`${file}: error InvalidJSON at $: invalid JSON: ${text.error}`);
    return { code: 1, errors: 1, ...none };
  }
  const parsed = parseHeapJson(text.value);
  const report = parsed.ok ? checkHeapVectors(parsed.value) : parsed;
  if (!report.ok) {
    err.push(`${file}: error ${report.error.code} at ${report.error.path}: ${report.error.message}`);
    return { code: 1, errors: 1, ...none };
  }
  const r = report.value;
  for (const g of r.groups) {
    if (g.mismatches.length === 0) out.push(`${file}: ${g.name} ok (${plural(g.fields, 'field')})`);
    for (const m of g.mismatches)
      out.push(`${file}: ${g.name} MISMATCH ${m.path} expected ${m.expected} actual ${m.actual}`);
  }
  out.push(`${file}: ${summary(r.vectors, r.fields, r.mismatches)}`);
  return { code: r.mismatches > 0 ? 1 : 0, vectors: r.vectors, fields: r.fields, mismatches: r.mismatches };
}

/**
 * Entry of `telltale-parity heap`.
 * @example `await main(['check', 'test/fixtures/heap/heap_vectors_v1.json']) // 0`
 */
export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandArgs('heap', USAGE, argv, {});
  if ('exitCode' in parsed) return parsed.exitCode;
  const [sub, ...files] = parsed.positionals;
  if (sub !== 'check')
    return usageError('heap', USAGE, sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`);
  if (files.length === 0) return usageError('heap check', USAGE, 'give at least one FILE');
  let code = 0;
  const total = { vectors: 0, fields: 0, mismatches: 0, errors: 0 };
  for (const file of files) {
    const out: string[] = [];
    const errs: string[] = [];
    const r = await checkFile(file, out, errs);
    if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
    if (errs.length > 0) process.stderr.write(`${errs.map((l) => `heap check: ${l}`).join('\n')}\n`);
    code = Math.max(code, r.code);
    total.vectors += r.vectors;
    total.fields += r.fields;
    total.mismatches += r.mismatches;
    total.errors += r.errors ?? 0;
  }
  const errors = total.errors > 0 ? `, ${plural(total.errors, 'file with errors', 'files with errors')}` : '';
  process.stdout.write(
    `heap check: ${plural(files.length, 'file')}, ${summary(total.vectors, total.fields, total.mismatches)}${errors}\n`,
  );
  return code;
}
