import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'lossless-json';
import { assert, beforeAll, describe, expect, test } from 'vitest';
import {
  HeapParityRunner,
  checkLeanHeapParity,
  parseLeanHeapParityOutput,
  runLeanHeapLane,
} from '../../src/heap/HeapParityRunner.js';
import { runHeapParity } from '../../src/reference/heapParity.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const refBin = path.join(root, 'dist/src/reference/bin.js');
const fixturePath = path.join(root, 'test/fixtures/heap/heap_lean_parity_v1.json');
const fixtureText = readFileSync(fixturePath, 'utf8');
let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'heap-parity-'));
});
const write = (name: string, text: string): string => {
  const p = path.join(scratch, name);
  writeFileSync(p, text);
  return p;
};
const lossless = (t: string): unknown => parse(t, null, (s: string) => (/^-?\d+$/.test(s) ? BigInt(s) : Number(s)));

async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runHeapParity(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}
function spawned(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [refBin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('telltale-lean-ref heap-parity (heap.md §8.2)', () => {
  test("prints one line of lean_heap_parity.v1 that passes telltale's strict checks", async () => {
    const r = await inProcess([fixturePath]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const out = parseLeanHeapParityOutput(r.stdout);
    assert(out.ok, 'the answer parses');
    expect(checkLeanHeapParity(out.value, lossless(fixtureText))).toEqual([]);
    expect(r.stdout).toMatchSnapshot();
  });

  test('spawned through dist/src/reference/bin.js gives the same line', async () => {
    const a = spawned(['heap-parity', fixturePath]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe((await inProcess([fixturePath])).stdout);
    const usage = spawned(['heap-parity']);
    expect(usage.code).toBe(1);
    expect(usage.stdout).toContain('Usage: telltale-lean-ref');
  });

  test('follows Lean, not Rust, on the deviations HEAP-D2/D3/D4', async () => {
    const doc = JSON.parse(fixtureText) as { heap_fixture: { operations: Record<string, unknown>[] } };
    const ops = doc.heap_fixture.operations;
    const unknown = { kind: 'consume', resource_id: { digest_hex: '00'.repeat(32), counter: 9 } };
    ops.push({ ...ops[3]! }, unknown); // double consume (D2: no-op) and an unknown id (D3: nullified anyway)
    const r = await inProcess([write('dev.json', JSON.stringify(doc))]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      replay: { first_run: { consumed_resource_ids: { digest_hex: string }[] }; consumed_ids_match_fixture: boolean };
    };
    expect(out.replay.first_run.consumed_resource_ids.map((x) => x.digest_hex)).toEqual([
      '00'.repeat(32),
      '93ae398ddd7919f746a1f1cdf040646d4d21749203bdfaa5b5944d1b52298e91',
    ]);
    expect(out.replay.consumed_ids_match_fixture).toBe(false);
    ops.push({ kind: 'remove', resource_id: { digest_hex: '00', counter: 0 } });
    const d4 = await inProcess([write('d4.json', JSON.stringify(doc))]);
    expect(d4).toEqual({
      code: 1,
      stdout: '',
      stderr: 'invalid heap parity fixture: unsupported heap op kind: remove\n',
    });
  });

  test('echoes digests without hashing (HEAP-D1) and pads a missing second leaf with empty bytes', async () => {
    const doc = JSON.parse(fixtureText) as {
      resource_fixture: Record<string, unknown>;
      heap_fixture: Record<string, unknown>;
    };
    doc.resource_fixture.resource_id_digest_hex = 'ab'.repeat(32);
    doc.heap_fixture.resource_levels_hex = [['11'.repeat(32)]];
    const r = await inProcess([write('echo.json', JSON.stringify(doc))]);
    const out = JSON.parse(r.stdout) as {
      resource_fixture: Record<string, string>;
      heap_fixture: Record<string, unknown>;
    };
    expect(out.resource_fixture.resource_id_digest_hex).toBe('ab'.repeat(32));
    expect(
      String(out.resource_fixture.resource_leaf_preimage_hex).startsWith(`5454485001005120000000${'ab'.repeat(32)}`),
    ).toBe(true);
    expect(String(out.heap_fixture.merkle_node_preimage_hex).endsWith('00000000')).toBe(true);
    expect(out.heap_fixture.resource_proof).toEqual({
      leaf_hash_hex: '11'.repeat(32),
      path: [],
      root_hex: '11'.repeat(32),
    });
  });

  test("reads naturals and prints strings the way Lean's Json does", async () => {
    const text = fixtureText
      .replace('"seq_no": 7,\n    "allocation_counter": 1', '"seq_no": 0.7e1,\n    "allocation_counter": 1e0')
      .replace('"hasher": "blake3"', '"hasher": "b\\"l\\ta\\n"');
    const ok = await inProcess([write('nat.json', text)]);
    expect(ok.code).toBe(0);
    expect(ok.stdout.startsWith('{"hasher":"b\\"l\\u0009a\\n","heap_encoding_version":1,')).toBe(true);
    expect(JSON.parse(ok.stdout).resource_fixture.canonical_bytes_hex).toBe(
      JSON.parse((await inProcess([fixturePath])).stdout).resource_fixture.canonical_bytes_hex,
    );
    const notNat = await inProcess([write('nonnat.json', text.replace('"seq_no": 0.7e1', '"seq_no": 7.0'))]);
    expect(notNat).toEqual({ code: 1, stdout: '', stderr: 'invalid heap parity fixture: Natural number expected\n' });
  });

  test('keeps only the low 8 bytes of a natural past 2^64 (HEAP-D5, Lean)', async () => {
    const r = await inProcess([
      write('wrap.json', fixtureText.replace('"seq_no": 7,', '"seq_no": 18446744073709551623,')),
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).resource_fixture.canonical_bytes_hex).toBe(
      JSON.parse((await inProcess([fixturePath])).stdout).resource_fixture.canonical_bytes_hex,
    );
  });

  test.each([
    [[], 'usage: heap_parity_runner <fixture-path>\n'],
    [
      ['<tmp>/missing.json'],
      'uncaught exception: no such file or directory (error code: 2)\n  file: <tmp>/missing.json\n',
    ],
  ])('argv %j fails like Lean', async (args, stderr) => {
    const r = await inProcess(args.map((a) => a.replace('<tmp>', scratch)));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split(scratch).join('<tmp>')).toBe(stderr);
  });

  test.each([
    ['not JSON', 'nope', /^invalid JSON: /],
    [
      'missing field',
      fixtureText.replace('"schema_version"', '"schema"'),
      /^invalid heap parity fixture: property not found: schema_version\n$/,
    ],
    [
      'bad payload hex',
      fixtureText.replace('"payload_hex": "010203",\n    "seq_no"', '"payload_hex": "0102g3",\n    "seq_no"'),
      /^invalid heap parity fixture: invalid payload hex: 0102g3\n$/,
    ],
    [
      'negative natural',
      fixtureText.replace('"seq_no": 7,\n    "allocation_counter"', '"seq_no": -7,\n    "allocation_counter"'),
      /^invalid heap parity fixture: Natural number expected\n$/,
    ],
  ])("%s: exit 1 with Lean's stderr text", async (name, text, stderr) => {
    const r = await inProcess([write(`${name.replace(/ /g, '_')}.json`, text)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr);
  });
});

describe('HeapParityRunner (the lean heap lane)', () => {
  const ref = { command: process.execPath, args: [refBin, 'heap-parity'] };

  test('runs telltale-lean-ref as a heap_parity_runner and passes the strict checks', async () => {
    const r = await runLeanHeapLane(fixturePath, ref);
    expect(r.status).toBe('passed');
  });

  test('is skipped with the reason when no Lean build is configured or found', async () => {
    const r = await runLeanHeapLane(fixturePath, { cwd: scratch, env: {} });
    expect(r).toEqual({
      status: 'skipped',
      reason: expect.stringContaining('no Lean heap_parity_runner configured or found'),
    });
    const strict = await runLeanHeapLane(fixturePath, {
      cwd: scratch,
      env: { TELLTALE_REQUIRE_LEAN_HEAP_PARITY: '1' },
    });
    expect(strict).toMatchObject({ status: 'error', error: { code: 'BinaryNotFound' } });
  });

  test('reports a runner whose answer breaks a strict check as failed, naming the field', async () => {
    const liar = write(
      'liar.mjs',
      `process.stdout.write(${JSON.stringify((await inProcess([fixturePath])).stdout.replace('"stable":true', '"stable":false'))});`,
    );
    const r = await runLeanHeapLane(fixturePath, { command: process.execPath, args: [liar] });
    assert(r.status === 'failed', `status ${r.status}`);
    expect(r.mismatches.map((m) => m.path)).toEqual(['$.replay.stable']);
  });

  test('flags a fixture consuming an unknown id as the Lean-model gap HEAP-D3', async () => {
    const doc = JSON.parse(fixtureText) as { heap_fixture: { operations: unknown[] } };
    doc.heap_fixture.operations.push({ kind: 'consume', resource_id: { digest_hex: '00'.repeat(32), counter: 9 } });
    const r = await runLeanHeapLane(write('gap.json', JSON.stringify(doc)), ref);
    assert(r.status === 'failed', `status ${r.status}`);
    expect(r.deviations).toEqual(['HEAP-D3']);
    expect(r.mismatches[0]).toEqual({ path: '$.heap_fixture.operations[4]', expected: 'ok', actual: 'NotFound' });
  });

  test.each([
    [
      'garbage output',
      'process.stdout.write("not json")',
      'ParseError',
      /^Failed to parse Lean heap parity output: invalid JSON/,
    ],
    [
      'wrong schema',
      'process.stdout.write(JSON.stringify({schema_version:"x"}))',
      'ParseError',
      /unsupported schema_version 'x'/,
    ],
    [
      'crash',
      'process.stderr.write("boom"); process.exit(3)',
      'ProcessFailed',
      /^Lean heap parity runner failed with exit code 3: boom/,
    ],
  ])('%s → %s', async (name, body, code, message) => {
    const script = write(`${name.replace(/ /g, '_')}.mjs`, body);
    const r = await runLeanHeapLane(fixturePath, { command: process.execPath, args: [script] });
    expect(r).toMatchObject({ status: 'error', error: { code, message: expect.stringMatching(message) } });
  });

  test('times out with TELLTALE_LEAN_TIMEOUT_MS and kills the runner', async () => {
    const script = write('hang.mjs', 'setInterval(() => {}, 1000);');
    const located = HeapParityRunner.locate({
      command: process.execPath,
      args: [script],
      env: { ...process.env, TELLTALE_LEAN_TIMEOUT_MS: '200' },
    });
    expect('runner' in located && located.runner.timeoutMs).toBe(200);
    if (!('runner' in located)) return;
    const r = await located.runner.runFixture(fixturePath);
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'TimedOut',
        operation: 'run_fixture',
        message: "Lean heap parity runner 'run_fixture' timed out after 200ms",
      },
    });
  });

  test('defaults the timeout to 120000 ms', () => {
    const located = HeapParityRunner.locate({ command: 'node', env: {} });
    expect('runner' in located && located.runner.timeoutMs).toBe(120_000);
  });

  test('a configured command that does not exist is BinaryNotFound', async () => {
    const r = await runLeanHeapLane(fixturePath, { command: path.join(scratch, 'nope') });
    expect(r).toMatchObject({ status: 'error', error: { code: 'BinaryNotFound' } });
  });
});
