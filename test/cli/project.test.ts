import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { formatJson } from '../../src/projection/formatJson.js';

const cli = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const fixtures = new URL('../fixtures/', import.meta.url);

function run(args: readonly string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [cli, 'project', ...args], {
    input,
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const json = r.stdout.startsWith('{') ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

const end = { kind: 'end' };
const label = (name: string) => ({ name, sort: 'unit' });
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
let w3File: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-project-'));
  w3File = join(dir, 'w3.json');
  writeFileSync(w3File, JSON.stringify(w3));
});

describe('telltale-parity project (projection.md §11.3), spawned', () => {
  test('default: projectCore for every role, exit 0, one JSON document ending in a newline', () => {
    const r = run([w3File]);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('}\n')).toBe(true);
    expect(r.json).toEqual({
      success: true,
      projections: {
        A: {
          kind: 'send',
          partner: 'B',
          branches: [
            { label: label('l1'), continuation: end },
            { label: label('l2'), continuation: end },
          ],
        },
        B: {
          kind: 'recv',
          partner: 'A',
          branches: [
            {
              label: label('l1'),
              continuation: { kind: 'recv', partner: 'C', branches: [{ label: label('x'), continuation: end }] },
            },
            {
              label: label('l2'),
              continuation: { kind: 'recv', partner: 'C', branches: [{ label: label('y'), continuation: end }] },
            },
          ],
        },
        C: sendB('x'),
      },
    });
    expect(r.stderr).toBe('');
  });

  test('--checked reports the rejected role (W3), exit 1', () => {
    const r = run(['--checked', w3File]);
    expect([r.code, r.json]).toEqual([
      1,
      {
        success: false,
        error: 'ProjectionRejected',
        role: 'C',
        failed_role: 'C',
        message: 'projection mismatch for role C',
      },
    ]);
    expect(run([w3File, '--checked', '--role', 'A']).json).toMatchObject({
      success: true,
      projection: { kind: 'send' },
    });
    expect(run([w3File, '--checked', '--role', 'C']).code).toBe(1);
  });

  test('--merge reports the MergeFailure of W3 with failed_role, exit 1; --merge --role A succeeds', () => {
    const r = run([w3File, '--merge']);
    expect([r.code, r.json]).toEqual([
      1,
      {
        success: false,
        error: 'MergeFailure',
        role: 'C',
        merge_error: 'SendLabelMismatch',
        left: 'x',
        right: 'y',
        message:
          "cannot merge branches for role 'C': send branch label mismatch: cannot merge sends with different labels 'x' vs 'y'",
        failed_role: 'C',
      },
    ]);
    const a = run(['--merge', '--role', 'A', w3File]);
    expect([a.code, a.json?.success]).toEqual([0, true]);
    expect(a.json?.projection).toMatchObject({ kind: 'send', partner: 'B' });
  });

  test('--merge with an empty choice: EmptyBranches with the first sorted role', () => {
    const r = run(['--merge', '-'], JSON.stringify({ kind: 'comm', sender: 'B', receiver: 'A', branches: [] }));
    expect([r.code, r.json]).toEqual([
      1,
      {
        success: false,
        error: 'EmptyBranches',
        sender: 'B',
        receiver: 'A',
        message: 'empty branches in communication from B to A',
        failed_role: 'A',
      },
    ]);
  });

  test('--role R that does not occur gets the bystander projection', () => {
    expect(run(['--role', 'Zed', w3File]).json).toEqual({ success: true, projection: end });
  });

  test('stdin with -, and a type with no roles gives {}', () => {
    const r = run(['-'], JSON.stringify({ kind: 'rec', var: 'X', body: end }));
    expect([r.code, r.json]).toEqual([0, { success: true, projections: {} }]);
  });

  test('decode failures: code under "error", message and path, exit 1', () => {
    const bad = JSON.stringify({
      kind: 'comm',
      sender: 'A',
      receiver: 'B',
      branches: [{ label: { name: 'm', sort: { prod: ['nat', 'int'] } }, continuation: end }],
    });
    expect(run(['-'], bad)).toMatchObject({
      code: 1,
      json: {
        success: false,
        error: 'InvalidSort',
        message: 'Invalid sort: int',
        path: '$.branches[0].label.sort.prod[1]',
      },
    });
    expect(run(['-'], 'not json')).toMatchObject({
      code: 1,
      json: { success: false, error: 'ExpectedObject', message: 'Expected object, got: invalid JSON', path: '$' },
    });
    expect(run(['-'], Buffer.from([0x7b, 0xff, 0x7d]))).toMatchObject({
      code: 1,
      json: { error: 'ExpectedObject', path: '$' },
    });
    expect(run(['-', '--merge'], '{"kind":"end","extra":1}')).toMatchObject({
      code: 1,
      json: { error: 'UnexpectedField', path: '$.extra' },
    });
    const big = `{"kind":"end"}${' '.repeat(8388608)}`;
    expect(run(['-'], big)).toMatchObject({ code: 1, json: { error: 'InputTooLarge', path: '$' } });
  });

  test('--lean-compat: Lean decoder, delegate accepted; with --merge, UnsupportedKind', () => {
    const d = JSON.stringify({
      kind: 'delegate',
      delegator: 'A',
      delegatee: 'B',
      session_id: 7,
      role: 'R',
      continuation: end,
      extra: 1,
    });
    const r = run(['--lean-compat', '-'], d);
    expect([r.code, r.json]).toEqual([
      0,
      {
        success: true,
        projections: {
          A: {
            kind: 'send',
            partner: 'B',
            branches: [{ label: { name: '_delegate', sort: 'unit' }, continuation: end }],
          },
          B: {
            kind: 'recv',
            partner: 'A',
            branches: [{ label: { name: '_delegate', sort: 'unit' }, continuation: end }],
          },
        },
      },
    ]);
    expect(run(['-'], d)).toMatchObject({
      code: 1,
      json: { error: 'InvalidKind', message: 'Invalid kind: delegate', path: '$.kind' },
    });
    expect(run(['--merge', '--lean-compat', '-'], d)).toMatchObject({
      code: 1,
      json: {
        success: false,
        error: 'UnsupportedKind',
        kind: 'delegate',
        message: "unsupported global kind 'delegate' in merge projection",
        failed_role: 'A',
      },
    });
    expect(
      run(
        ['--lean-compat', '-'],
        '{"kind":"comm","sender":"A","receiver":"B","branches":[{"label":{"name":"m"},"continuation":{"kind":"end"}}]}',
      ),
    ).toMatchObject({
      code: 1,
      json: { error: 'InvalidSort', path: '$.branches[0].label.sort' },
    });
    expect(run(['--lean-compat', '-'], '{')).toMatchObject({ code: 1, json: { error: 'ExpectedObject', path: '$' } });
  });

  test('--lean-compat on a type nested 20 000 deep still prints its projections', () => {
    let t: unknown = { kind: 'var', name: 'X' };
    for (let i = 0; i < 20000; i++)
      t = { kind: 'comm', sender: 'A', receiver: 'B', branches: [{ label: label('m'), continuation: t }] };
    const r = run(['--lean-compat', '--role', 'A', '-'], formatJson({ kind: 'rec', var: 'X', body: t }));
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      success: true,
      projection: { kind: 'rec', var: 'X', body: { kind: 'send', partner: 'B' } },
    });
  });

  test('golden input through the CLI equals the expected files', () => {
    const input = readFileSync(new URL('projection/four_party/input.json', fixtures), 'utf8');
    const r = run(['-'], input);
    for (const role of ['A', 'B', 'C', 'D']) {
      expect((r.json?.projections as Record<string, unknown>)[role]).toEqual(
        JSON.parse(readFileSync(new URL(`projection/four_party/${role}.expected.json`, fixtures), 'utf8')),
      );
    }
  });

  test.each([
    [['--bogus', 'f.json'], /Unknown option|unknown/i],
    [[], /missing FILE/],
    [['x.json', '--role'], /argument missing/],
    [['a.json', 'b.json'], /exactly one FILE/],
    [['--merge', '--checked', 'x.json'], /cannot be combined/],
  ])('usage error %j → stderr, nothing on stdout, exit 2', (args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('unreadable FILE (missing, directory, no permission) → stderr, exit 2', () => {
    for (const f of [join(dir, 'missing.json'), dir]) {
      const r = run([f]);
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toMatch(/cannot read/);
    }
    const locked = join(dir, 'locked.json');
    writeFileSync(locked, '{"kind":"end"}');
    chmodSync(locked, 0o000);
    const r = run([locked]);
    // root can read anything; then it simply succeeds.
    const asRoot = process.getuid?.() === 0;
    expect(r.code).toBe(asRoot ? 0 : 2);
    if (!asRoot) expect(r.stdout).toBe(''); // eslint-disable-line vitest/no-conditional-expect -- root reads locked files
  });

  test('--help prints the usage on stdout, exit 0', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: telltale-parity project FILE\|-/);
  });
});
