import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, vi, test } from 'vitest';
import { isValidatorInvocation, runValidator } from '../../src/reference/validator.js';

const bin = fileURLToPath(new URL('../../dist/src/reference/bin.js', import.meta.url));
const fixtures = new URL('../fixtures/', import.meta.url);

const end = { kind: 'end' };
const label = (name: string, sort = 'unit') => ({ name, sort });
const w3 = {
  kind: 'comm',
  sender: 'A',
  receiver: 'B',
  branches: [
    {
      label: label('l1'),
      continuation: { kind: 'comm', sender: 'C', receiver: 'B', branches: [{ label: label('x'), continuation: end }] },
    },
    {
      label: label('l2'),
      continuation: { kind: 'comm', sender: 'C', receiver: 'B', branches: [{ label: label('y'), continuation: end }] },
    },
  ],
};
const sendB = (n: string) => ({ kind: 'send', partner: 'B', branches: [{ label: label(n), continuation: end }] });

let dir: string;
const file = (name: string, content: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
const out = (name: string) => join(dir, name);
const readOut = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-validator-'));
});

/** Runs in-process, capturing what goes to stdout and stderr. */
async function inProcess(argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const o = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((c: string | Uint8Array) => (stdout.push(String(c)), true));
  const e = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((c: string | Uint8Array) => (stderr.push(String(c)), true));
  try {
    const code = await runValidator(argv);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('isValidatorInvocation', () => {
  test('recognises the validator flags only', () => {
    expect(isValidatorInvocation(['--export-projection', 'g', '--role', 'A', '--output', 'o'])).toBe(true);
    expect(isValidatorInvocation(['--export-all-projections'])).toBe(true);
    expect(isValidatorInvocation(['--check-async-subtype', 'a', 'b', '--output', 'o'])).toBe(true);
    expect(isValidatorInvocation(['--choreography', 'g', '--program', 'p'])).toBe(true);
    expect(isValidatorInvocation([])).toBe(false);
    expect(isValidatorInvocation(['--serve'])).toBe(false);
    expect(isValidatorInvocation(['heap-parity', 'x'])).toBe(false);
  });
});

describe('runValidator (in-process, projection.md §11.1–11.2)', () => {
  test('--export-all-projections: projectCore per role, Lean decoder, nothing on stdout', async () => {
    const o = out('all.json');
    const r = await inProcess(['--export-all-projections', file('w3.json', w3), '--output', o]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const doc = readOut(o) as { projections: Record<string, unknown> };
    expect(doc).toMatchObject({ success: true });
    expect(Object.keys(doc.projections).sort()).toEqual(['A', 'B', 'C']);
    expect(doc.projections.C).toEqual(sendB('x'));
    const text = readFileSync(o, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.indexOf('"projections"')).toBeLessThan(text.indexOf('"success"'));
  });

  test('--export-projection on golden cases equals the expected files', async () => {
    for (const name of ['ping_pong', 'three_party_ring', 'nested_recursion']) {
      const input = fileURLToPath(new URL(`projection/${name}/input.json`, fixtures));
      const expectedFiles = readdirSync(new URL(`projection/${name}/`, fixtures)).filter((f) =>
        f.endsWith('.expected.json'),
      );
      expect(expectedFiles.length).toBeGreaterThan(1);
      for (const f of expectedFiles) {
        const role = f.slice(0, -'.expected.json'.length);
        const o = out(`${name}-${role}.json`);
        expect((await inProcess(['--export-projection', input, '--role', role, '--output', o])).code).toBe(0);
        expect(readOut(o)).toEqual({
          success: true,
          projection: JSON.parse(readFileSync(new URL(`projection/${name}/${f}`, fixtures), 'utf8')),
        });
      }
    }
  });

  test('export decode failure: {success: false, error: text}, exit 1; Lean accepts unknown keys and delegate', async () => {
    const o = out('bad.json');
    expect(
      (
        await inProcess([
          '--export-projection',
          file('nosort.json', {
            kind: 'comm',
            sender: 'A',
            receiver: 'B',
            branches: [{ label: { name: 'm' }, continuation: end }],
          }),
          '--role',
          'A',
          '--output',
          o,
        ])
      ).code,
    ).toBe(1);
    expect(readOut(o)).toMatchObject({ success: false, error: expect.any(String) });
    const d = {
      kind: 'delegate',
      delegator: 'A',
      delegatee: 'B',
      session_id: 7,
      role: 'R',
      continuation: end,
      note: 'x',
    };
    expect((await inProcess(['--export-all-projections', file('d.json', d), '--output', o])).code).toBe(0);
    expect(readOut(o)).toEqual({
      success: true,
      projections: {
        A: { kind: 'send', partner: 'B', branches: [{ label: label('_delegate'), continuation: end }] },
        B: { kind: 'recv', partner: 'A', branches: [{ label: label('_delegate'), continuation: end }] },
      },
    });
    expect((await inProcess(['--export-all-projections', file('notjson.json', '{'), '--output', o])).code).toBe(1);
    expect(readOut(o)).toMatchObject({ success: false });
  });

  test('--check-async-subtype: result true/false with reason (W8), decode failures name the side', async () => {
    const loop = {
      kind: 'rec',
      var: 'X',
      body: { kind: 'send', partner: 'B', branches: [{ label: label('m'), continuation: { kind: 'var', name: 'X' } }] },
    };
    const o = out('async.json');
    const sub = file('loop.json', loop);
    expect(await inProcess(['--check-async-subtype', sub, sub, '--output', o])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    expect(readOut(o)).toEqual({
      success: true,
      result: false,
      reason: 'siso decomposition exceeded the unfold limit',
    });
    const s = file('s.json', sendB('m'));
    expect((await inProcess(['--check-async-subtype', s, s, '--output', o])).code).toBe(0);
    expect(readOut(o)).toEqual({ success: true, result: true });
    const bad = file('badlocal.json', { kind: 'comm' });
    expect((await inProcess(['--check-async-subtype', bad, bad, '--output', o])).code).toBe(1);
    expect((readOut(o) as { error: string }).error).toMatch(/^failed to decode subtype local type: /);
    expect((await inProcess(['--check-async-subtype', s, bad, '--output', o])).code).toBe(1);
    expect((readOut(o) as { error: string }).error).toMatch(/^failed to decode supertype local type: /);
  });

  test('--choreography/--program: match and mismatch, with both logs in either order', async () => {
    const g = file('g.json', w3);
    const good = file('good.json', { role: 'C', local_type: sendB('x') });
    const log = out('v.log');
    const jlog = out('v.json');
    expect(await inProcess(['--choreography', g, '--program', good, '--log', log, '--json-log', jlog])).toEqual({
      code: 0,
      stdout: 'Lean validator: projection matches for C\n',
      stderr: '',
    });
    expect(readFileSync(log, 'utf8')).toBe('role=C,status=ok,message=ok\n');
    expect(readOut(jlog)).toEqual({
      role: 'C',
      status: 'ok',
      message: 'ok',
      expected: sendB('x'),
      provided: sendB('x'),
    });

    // Branch order and sorts count: y instead of x is a mismatch (PRJ-D10: status "fail").
    const bad = file('bad-prog.json', { role: 'C', local_type: sendB('y') });
    expect(await inProcess(['--choreography', g, '--program', bad, '--json-log', jlog, '--log', log])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Projection mismatch for C\n',
    });
    expect(readFileSync(log, 'utf8')).toBe('role=C,status=fail,message=local type mismatch\n');
    expect(readOut(jlog)).toEqual({
      role: 'C',
      status: 'fail',
      message: 'local type mismatch',
      expected: sendB('x'),
      provided: sendB('y'),
    });
    expect((await inProcess(['--choreography', g, '--program', good])).code).toBe(0);
  });

  test('--choreography parse/decode failures: stderr, exit 1, no log files', async () => {
    const log = out('never.log');
    const cases: Array<[string, string, RegExp]> = [
      [file('c1.json', '{'), file('p1.json', { role: 'C', local_type: end }), /^Failed to parse choreography JSON: /],
      [
        file('c2.json', { kind: 'bogus' }),
        file('p2.json', { role: 'C', local_type: end }),
        /^Failed to decode global type: /,
      ],
      [file('c3.json', w3), file('p3.json', '['), /^Failed to parse program JSON: /],
      [file('c4.json', w3), file('p4.json', { local_type: end }), /^Failed to decode program: /],
      [file('c5.json', w3), file('p5.json', { role: 'C' }), /^Failed to decode program: /],
    ];
    for (const [c, p, message] of cases) {
      const r = await inProcess(['--choreography', c, '--program', p, '--log', log]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(log)).toBe(false);
  });

  test('malformed patterns print the usage on stdout and exit 1', async () => {
    for (const argv of [
      ['--export-projection', 'g'],
      ['--export-all-projections', 'g', '--out', 'o'],
      ['--choreography', 'g', '--program', 'p', '--log'],
      ['--check-async-subtype', 'a', '--output', 'o'],
    ]) {
      const r = await inProcess(argv);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^usage: telltale_validator --choreography/);
    }
  });

  test('an unreadable input: uncaught exception on stderr, exit 1, no output file', async () => {
    const o = out('none.json');
    const r = await inProcess(['--export-all-projections', join(dir, 'missing.json'), '--output', o]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^uncaught exception: /);
    expect(existsSync(o)).toBe(false);
    const twice = await inProcess(['--check-async-subtype', '-', '-', '--output', o]);
    expect(twice.code).toBe(1);
  });
});

describe('telltale-lean-ref validator patterns, spawned', () => {
  const spawn = (args: string[], input?: string) =>
    spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', timeout: 30_000 });

  test('--export-all-projections with - for stdin and stdout', () => {
    const r = spawn(['--export-all-projections', '-', '--output', '-'], JSON.stringify(w3));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ success: true, projections: { C: sendB('x') } });
  });

  test('--choreography mismatch: stderr line, exit 1', () => {
    const r = spawn([
      '--choreography',
      file('sg.json', w3),
      '--program',
      file('sp.json', { role: 'C', local_type: end }),
    ]);
    expect([r.status, r.stdout, r.stderr]).toEqual([1, '', 'Projection mismatch for C\n']);
  });

  test('bad input: a malformed pattern prints a usage on stdout, exit 1; decode failure writes the output file', () => {
    const u = spawn(['--export-projection', 'only-this']);
    expect(u.status).toBe(1);
    expect(u.stdout).toMatch(/usage/i);
    const o = out('spawned-bad.json');
    const d = spawn(['--export-projection', file('sbad.json', { kind: 'x' }), '--role', 'A', '--output', o]);
    expect(d.status).toBe(1);
    expect(readOut(o)).toMatchObject({ success: false });
  });
});
