/** `telltale-parity validate FILE...` spawned: lines per problem, exit codes 0 / 1 / 2, --family, --json, stdin. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const cli = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/tier2/', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'tt-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const validate = (args: string[], input?: string) =>
  spawnSync(process.execPath, [cli, 'validate', ...args], { input, encoding: 'utf8', timeout: 30_000 });
const file = (name: string, content: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};
const fx = (name: string): string => path.join(fixtures, name);

describe('telltale-parity validate', () => {
  test('valid artifacts of several families: one line each, exit 0', () => {
    const r = validate([
      fx('semantic_objects_full.json'),
      fx('protocol_bundle_export.json'),
      fx('run_output_semantic_objects.json'),
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        `${fx('semantic_objects_full.json')}: valid semantic_objects`,
        `${fx('protocol_bundle_export.json')}: valid protocol_bundle`,
        `${fx('run_output_semantic_objects.json')}: valid run_output`,
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('validate: 3 files, 0 with problems\n' /* issue #13 §7: plurals */);
  });

  test('problems: code and path per problem, unknown keys as notes, exit 1', () => {
    const bad = file(
      'bad.json',
      JSON.stringify({
        schema_version: 'protocol_machine.semantic_objects.v1',
        operation_instances: [],
        outstanding_effects: [],
        semantic_handoffs: [{ handoff_id: 1 }],
        authoritative_reads: [],
        observed_reads: [],
        materialization_proofs: [],
        canonical_handles: [],
        regions: [],
        progress_contracts: [],
        future: true,
      }),
    );
    const r = validate([bad]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      `${bad}: MissingField at $.semantic_handoffs[0].session: missing field \`session\` in SemanticHandoff`,
    );
    expect(r.stdout).toContain(`${bad}: note: $.future is not a field of semantic_objects`);
    expect(r.stdout.match(/MissingField/g)).toHaveLength(7); // the owner ids default to ""
  });

  test('--family for unversioned arrays, stdin as -, --json reports', () => {
    const exchanges = validate(['--family', 'effect_exchanges', fx('effect_exchanges_runtime_family.json')]);
    expect(exchanges.status).toBe(0);
    const stdin = validate(
      ['--json', '--family', 'output_condition_trace', '-'],
      '[{"predicate_ref":"p","output_digest":"d","passed":1}]',
    );
    expect(stdin.status).toBe(1);
    expect(JSON.parse(stdin.stdout)).toEqual([
      {
        file: '-',
        family: 'output_condition_trace',
        valid: false,
        problems: [{ code: 'ExpectedBoolean', path: '$[0].passed', message: 'expected true or false, got 1' }],
        ignored: [],
        dropped: 0,
      },
    ]);
  });

  test('usage errors and unreadable files: exit 2 (highest code wins), no stack trace', () => {
    expect(validate([]).status).toBe(2);
    const unknown = validate(['--family', 'nope', fx('semantic_objects_full.json')]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown family 'nope'");
    const missing = validate([fx('semantic_objects_full.json'), path.join(dir, 'absent.json'), file('x.json', '{')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(
      'absent.json: FileUnreadable at $: cannot read the file: no such file or directory (ENOENT); check the path',
    );
    expect(missing.stdout).toContain('x.json: InvalidJSON at $');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});
