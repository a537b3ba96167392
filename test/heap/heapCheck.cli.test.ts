import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';

// Spawns the built CLI (`npm test` builds first; locally run `npx tsc -p tsconfig.build.json`).
const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'dist/src/cli/main.js');
const fixtures = 'test/fixtures/heap';
let scratch = '';

function heap(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'heap', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function write(name: string, text: string): string {
  const p = path.join(scratch, name);
  writeFileSync(p, text);
  return p;
}
const read = (name: string): string => readFileSync(path.join(root, fixtures, name), 'utf8');
// Scratch paths vary between runs; snapshots show them as <tmp>.
const clean = (s: string): string => s.split(scratch).join('<tmp>');

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'heap-check-'));
});

describe('telltale-parity heap check (spawned)', () => {
  test('checks every shared vector file, exit 0', () => {
    const r = heap(
      'check',
      `${fixtures}/heap_vectors_v1.json`,
      `${fixtures}/heap_lean_parity_v1.json`,
      `${fixtures}/heap_vectors_extra_sample.json`,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchSnapshot();
  });

  test('reports a mismatch with path, expected and actual, exit 1', () => {
    const f = write(
      'mismatch.json',
      read('heap_vectors_v1.json').replace('"commitment_hash_hex": "57d0', '"commitment_hash_hex": "67d0'),
    );
    const r = heap('check', f);
    expect(r.code).toBe(1);
    expect(clean(r.stdout)).toMatchSnapshot();
  });

  test('accepts an array of documents', () => {
    const doc = read('heap_vectors_v1.json');
    const r = heap('check', write('array.json', `[${doc},${doc}]`));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[1].heap_fixture ok');
    expect(r.stdout).toContain('2 vectors');
  });

  test('works on any file of the schemas: a user-written extra file with a u64-max counter', () => {
    const extra = JSON.parse(read('heap_vectors_extra_sample.json')) as {
      resource_vectors: unknown[];
      merkle_vectors: unknown[];
      commitment_vectors: unknown[];
      heap_scenarios: unknown[];
    };
    const text = read('heap_vectors_extra_sample.json');
    // Keep the big counters exact: take the resource vector for u64 max straight from the text.
    expect(text).toContain('9223372036854775807');
    const r = heap(
      'check',
      write('extra.json', text.replace(/"heap_scenarios": \[[\s\S]*\]\s*}\s*$/, '"heap_scenarios": []}')),
    );
    expect(extra.heap_scenarios.length).toBe(2);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('value/str0@9223372036854775807) ok');
  });

  test.each([
    ['truncated', (t: string) => t.slice(0, 120), 'InvalidJSON'],
    ['not JSON', () => 'hello', 'InvalidJSON'],
    ['no known schema', () => '{"foo":1}', 'UnknownSchema'],
    ['unknown resource kind', (t: string) => t.replace('"kind": "message"', '"kind": "socket"'), 'UnknownResourceKind'],
    ['bad hex', (t: string) => t.replace('"payload_hex": "010203"', '"payload_hex": "01020x"'), 'InvalidHex'],
    [
      'counter out of u64 range',
      (t: string) => t.replace('"allocation_counter": 1', '"allocation_counter": 18446744073709551616'),
      'U64OutOfRange',
    ],
    // Issue #13 §7, one exit-code rule (docs/cli.md): an input document that is not what the command
    // reads is a finding about the input (exit 1, as for run, project, deviations and validate); 2 is
    // for usage and files that cannot be read.
  ])('%s: exit 1 with file name, code and JSON path, no stack trace', (name, mutate, code) => {
    const f = write(`${name.replace(/ /g, '_')}.json`, mutate(read('heap_vectors_v1.json')));
    const r = heap('check', f);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${f}: error ${code} at $`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('checks all files and exits with the highest code; messages snapshot', () => {
    const bad = write('bad.json', '{"foo":1}');
    const mism = write(
      'm.json',
      read('heap_vectors_v1.json').replace('"nullifier_root_hex": "c045', '"nullifier_root_hex": "d045'),
    );
    const r = heap('check', `${fixtures}/heap_vectors_v1.json`, bad, mism, path.join(scratch, 'missing.json'));
    expect(r.code).toBe(2);
    expect(clean(r.stdout)).toMatchSnapshot();
    expect(clean(r.stderr)).toMatchSnapshot();
  });

  test('usage errors exit 2; --help exits 0', () => {
    expect(heap().code).toBe(2);
    expect(heap('check').code).toBe(2);
    expect(heap('verify', 'x').code).toBe(2);
    expect(heap('check', '--bogus', 'x').code).toBe(2);
    const help = heap('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: telltale-parity heap check FILE...');
  });
});
