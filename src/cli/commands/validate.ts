/**
 * `telltale-parity validate FILE...`: checks each artifact strictly against its family (recognized
 * from `schema_version` and its keys, or `--family NAME`) and prints one line per problem with its
 * code and JSON path. Exit 0 all valid, 1 a problem, 2 usage error or unreadable file (highest wins).
 */
import { counted } from '../../fuzz/report/status.js';
import { readFile } from 'node:fs/promises';
import { ARTIFACT_FAMILIES, validate, type ValidationReport } from '../../trace/validate.js';
import type { ArtifactFamily } from '../../types/artifact.js';
import { describeFsError } from '../../types/describeFsError.js';
import { parseCommandArgs, usageError } from '../_internals/parseCommandArgs.js';

const kUsage = [
  'Usage: telltale-parity validate FILE... [--family NAME] [--json]',
  '',
  'Checks each artifact against the lean_bridge.v1 / Tier 2 contract with the strict decoders and',
  'prints `FILE: CODE at PATH: MESSAGE` for every problem. The family comes from the document',
  '(schema_version and distinctive keys) unless --family names it. FILE `-` reads stdin.',
  '',
  'Families:',
  '  run_request, run_output, envelope_diff, semantic_objects, effect_exchanges, effect_trace,',
  '  output_condition_trace, replay_bundle, protocol_bundle, invariant_claims, sim_run_input,',
  '  sim_run_output, rust_trace (the three unversioned arrays need --family)',
  '',
  'Options:',
  '  --family NAME  check every FILE as this family',
  '  --json         print the reports as one JSON array instead of text lines',
  '  -h, --help     show this help',
  '',
  'Exit codes: 0 every file valid, 1 a problem found, 2 usage error or unreadable file.',
].join('\n');

async function readInput(file: string): Promise<Uint8Array> {
  if (file !== '-') return readFile(file);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function textLines(file: string, r: ValidationReport): string[] {
  const lines = r.problems.map((p) => `${file}: ${p.code} at ${p.path}: ${p.message}`);
  if (r.dropped > 0) lines.push(`${file}: … and ${r.dropped} more problem(s) not shown`);
  for (const path of r.ignored)
    lines.push(
      `${file}: note: ${path} is not a field of ${r.family ?? 'this artifact'}; ignored, as telltale's decoder ignores it`,
    );
  if (r.valid) lines.push(`${file}: valid ${r.family ?? ''}`.trimEnd());
  return lines;
}

function jsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as unknown;
}

/** Entry point of `telltale-parity validate`. @example `await main(['run_output.json'])` */
export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandArgs('validate', kUsage, argv, {
    family: { type: 'string' },
    json: { type: 'boolean' },
  });
  if ('exitCode' in parsed) return parsed.exitCode;
  const files = parsed.positionals;
  if (files.length === 0) return usageError('validate', kUsage, 'give at least one FILE (or - for stdin)');
  const family = parsed.values.family;
  if (family !== undefined && !(ARTIFACT_FAMILIES as readonly string[]).includes(family))
    return usageError('validate', kUsage, `unknown family '${family}'; use one of ${ARTIFACT_FAMILIES.join(', ')}`);
  const options = family === undefined ? {} : { family: family as ArtifactFamily };

  let code = 0;
  let invalid = 0;
  const reports: unknown[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readInput(file);
    } catch (cause) {
      // The same words as every other command: 'no such file or directory (ENOENT)'.
      process.stderr.write(
        `${file}: FileUnreadable at $: cannot read the file: ${describeFsError(cause)}; check the path\n`,
      );
      code = 2;
      continue;
    }
    const r = validate(bytes, options);
    if (!r.valid) {
      invalid += 1;
      code = Math.max(code, 1);
    }
    if (parsed.values.json === true) reports.push(jsonSafe({ file, ...r }));
    else process.stdout.write(`${textLines(file, r).join('\n')}\n`);
  }
  if (parsed.values.json === true) process.stdout.write(`${JSON.stringify(reports)}\n`);
  process.stderr.write(
    `validate: ${counted(files.length, 'file')}, ${invalid} with problems${code === 2 ? ', some unreadable' : ''}\n`,
  );
  return code;
}
