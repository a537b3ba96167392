import { describe, expect, test } from 'vitest';
import { decodeGlobal, decodeGlobalValue } from '../../src/projection/decodeGlobal.js';
import { decodeGlobalLean, decodeGlobalLeanText } from '../../src/projection/decodeGlobalLean.js';
import { decodeLocal, decodeLocalValue } from '../../src/projection/decodeLocal.js';
import { decodeLocalLean } from '../../src/projection/decodeLocalLean.js';
import { encodeGlobal } from '../../src/projection/encodeGlobal.js';
import { encodeLocal } from '../../src/projection/encodeLocal.js';
import { projectCore } from '../../src/projection/projectCore.js';
import { roles } from '../../src/projection/roles.js';
import type { GlobalType } from '../../src/types/session.js';

const end = { kind: 'end' } as const;
const comm = (branches: unknown[], extra: Record<string, unknown> = {}) => ({
  kind: 'comm',
  sender: 'A',
  receiver: 'B',
  branches,
  ...extra,
});
const branch = (label: unknown, continuation: unknown = end) => ({ label, continuation });
const m = { name: 'm', sort: 'unit' } as const;

function failure(r: { ok: boolean; error?: unknown }) {
  expect(r.ok).toBe(false);
  return (r as { error: { code: string; path: string; message: string } }).error;
}

function nestedRec(n: number): unknown {
  let t: unknown = end;
  for (let i = 0; i < n; i++) t = { kind: 'rec', var: `X${i}`, body: t };
  return t;
}

function nestedComm(n: number): unknown {
  let t: unknown = end;
  for (let i = 0; i < n; i++) t = comm([branch(m, t)]);
  return t;
}

describe('strict decoder: codes, messages and paths (projection.md §3.1)', () => {
  test.each([
    ['text not JSON', () => decodeGlobal('{"kind":'), 'ExpectedObject', '$', 'Expected object, got: invalid JSON'],
    [
      'invalid UTF-8 bytes',
      () => decodeGlobal(new Uint8Array([0x7b, 0xff, 0x7d])),
      'ExpectedObject',
      '$',
      'Expected object, got: invalid JSON',
    ],
    ['missing kind', () => decodeGlobalValue({}), 'MissingField', '$.kind', 'Missing field: kind'],
    ['kind not a string', () => decodeGlobalValue({ kind: 3 }), 'MissingField', '$.kind', 'Missing field: kind'],
    ['root not an object', () => decodeGlobalValue([1]), 'MissingField', '$.kind', 'Missing field: kind'],
    ['unknown kind', () => decodeGlobalValue({ kind: 'bogus' }), 'InvalidKind', '$.kind', 'Invalid kind: bogus'],
    [
      'delegate without the option',
      () => decodeGlobalValue({ kind: 'delegate' }),
      'InvalidKind',
      '$.kind',
      'Invalid kind: delegate',
    ],
    [
      'local kind in a global',
      () => decodeGlobalValue({ kind: 'send' }),
      'InvalidKind',
      '$.kind',
      'Invalid kind: send',
    ],
    [
      'unexpected field (W10)',
      () => decodeGlobalValue({ kind: 'end', extra: 1 }),
      'UnexpectedField',
      '$.extra',
      "Unexpected field 'extra' in global end",
    ],
    [
      'smallest unexpected key wins',
      () => decodeGlobalValue({ kind: 'end', zeta: 1, alpha: 2 }),
      'UnexpectedField',
      '$.alpha',
      "Unexpected field 'alpha' in global end",
    ],
    [
      'sender not a string (W10)',
      () => decodeGlobalValue(comm([], { sender: 1 })),
      'ExpectedString',
      '$.sender',
      'Expected string, got: 1',
    ],
    [
      'object printed with sorted keys',
      () => decodeGlobalValue(comm([], { receiver: { b: 2, a: 1 } })),
      'ExpectedString',
      '$.receiver',
      'Expected string, got: {"a":1,"b":2}',
    ],
    [
      'branches not an array',
      () => decodeGlobalValue(comm({ x: 1 } as unknown as unknown[])),
      'ExpectedArray',
      '$.branches',
      'Expected array, got: {"x":1}',
    ],
    [
      'missing receiver',
      () => decodeGlobalValue({ kind: 'comm', sender: 'A', branches: [] }),
      'MissingField',
      '$.receiver',
      'Missing field: receiver',
    ],
    [
      'missing rec body',
      () => decodeGlobalValue({ kind: 'rec', var: 't' }),
      'MissingField',
      '$.body',
      'Missing field: body',
    ],
    ['missing var name', () => decodeGlobalValue({ kind: 'var' }), 'MissingField', '$.name', 'Missing field: name'],
    [
      'branch not an object',
      () => decodeGlobalValue(comm([branch(m), 7])),
      'ExpectedObject',
      '$.branches[1]',
      'Expected object, got: 7',
    ],
    [
      'unexpected branch field',
      () => decodeGlobalValue(comm([{ ...branch(m), note: 1 }])),
      'UnexpectedField',
      '$.branches[0].note',
      "Unexpected field 'note' in global branch",
    ],
    [
      'missing label',
      () => decodeGlobalValue(comm([{ continuation: end }])),
      'MissingField',
      '$.branches[0].label',
      'Missing field: label in branch',
    ],
    [
      'missing continuation (W10)',
      () => decodeGlobalValue(comm([{ label: m }])),
      'MissingField',
      '$.branches[0].continuation',
      'Missing field: continuation in branch',
    ],
    [
      'label not an object',
      () => decodeGlobalValue(comm([branch('m')])),
      'ExpectedObject',
      '$.branches[0].label',
      'Expected object, got: "m"',
    ],
    [
      'label name missing',
      () => decodeGlobalValue(comm([branch({ sort: 'unit' })])),
      'MissingField',
      '$.branches[0].label.name',
      'Missing field: name in label',
    ],
    [
      'label name not a string',
      () => decodeGlobalValue(comm([branch({ name: 1 })])),
      'MissingField',
      '$.branches[0].label.name',
      'Missing field: name in label',
    ],
    [
      'unexpected label field',
      () => decodeGlobalValue(comm([branch({ name: 'm', x: 1 })])),
      'UnexpectedField',
      '$.branches[0].label.x',
      "Unexpected field 'x' in label",
    ],
    [
      'unknown sort in 2nd branch',
      () => decodeGlobalValue(comm([branch(m), branch({ name: 'n', sort: 'int' })])),
      'InvalidSort',
      '$.branches[1].label.sort',
      'Invalid sort: int',
    ],
    [
      'bad sort inside prod',
      () => decodeGlobalValue(comm([branch({ name: 'm', sort: { prod: ['nat', 'int'] } })])),
      'InvalidSort',
      '$.branches[0].label.sort.prod[1]',
      'Invalid sort: int',
    ],
    [
      'prod of wrong length',
      () => decodeGlobalValue(comm([branch({ name: 'm', sort: { prod: ['nat'] } })])),
      'InvalidSort',
      '$.branches[0].label.sort',
      'Invalid sort: prod must have 2 elements',
    ],
    [
      'sort with two keys (W10)',
      () => decodeGlobalValue(comm([branch({ name: 'm', sort: { vector: 2, prod: ['nat', 'nat'] } })])),
      'UnexpectedField',
      '$.branches[0].label.sort',
      "Unexpected field 'prod, vector' in sort",
    ],
    [
      'unexpected field in nested rec (W10)',
      () =>
        decodeGlobalValue(comm([branch(m), branch({ name: 'n' }, { kind: 'rec', var: 'X', 'x-note': 1, body: end })])),
      'UnexpectedField',
      '$.branches[1].continuation["x-note"]',
      "Unexpected field 'x-note' in global rec",
    ],
    [
      'local: unexpected field',
      () => decodeLocalValue({ kind: 'send', partner: 'B', branches: [], z: 0 }),
      'UnexpectedField',
      '$.z',
      "Unexpected field 'z' in local send",
    ],
    [
      'local: comm is not a local kind',
      () => decodeLocalValue({ kind: 'comm' }),
      'InvalidKind',
      '$.kind',
      'Invalid kind: comm',
    ],
    [
      'local: partner missing',
      () => decodeLocal('{"kind":"recv","branches":[]}'),
      'MissingField',
      '$.partner',
      'Missing field: partner',
    ],
  ] as const)('%s', (_name, run, code, path, message) => {
    expect(failure(run())).toEqual({ code, path, message });
  });

  test.each([[{ vector: -1 }], [{ vector: 1.5 }], [{ vector: 'x' }], [{ other: 1 }], [{ prod: 'x' }], [7], [null]])(
    'invalid sort value %j → InvalidSort at the sort',
    (sort) => {
      const e = failure(decodeGlobalValue(comm([branch({ name: 'm', sort })])));
      expect([e.code, e.path]).toEqual(['InvalidSort', '$.branches[0].label.sort']);
    },
  );

  test('an empty sort object is an UnexpectedField with an empty key list', () => {
    expect(failure(decodeGlobalValue(comm([branch({ name: 'm', sort: {} })])))).toMatchObject({
      code: 'UnexpectedField',
      path: '$.branches[0].label.sort',
    });
  });

  test('a label without sort means unit (PRJ-D4)', () => {
    const r = decodeGlobalValue(comm([branch({ name: 'm' })]));
    expect(r.ok && r.value).toEqual(comm([branch(m)]));
  });

  test('keys are checked in code-point order (U+FFFF sorts before U+10000)', () => {
    const e = failure(decodeGlobalValue({ kind: 'end', '\u{10000}': 1, '\uffff': 2 }));
    expect(e.path).toBe('$["\uffff"]');
  });

  test('input over 8 MiB → InputTooLarge at $', () => {
    const text = `{"kind":"end"}${' '.repeat(8388608)}`;
    expect(failure(decodeGlobal(text))).toEqual({
      code: 'InputTooLarge',
      path: '$',
      message: `Input too large: bridge JSON input is ${8388608 + 14} bytes, max is 8388608`,
    });
    expect(decodeGlobal(`{"kind":"end"}${' '.repeat(8388608 - 14)}`).ok).toBe(true);
  });

  test('the size limit counts UTF-8 bytes, not UTF-16 units', () => {
    const text = `{"kind":"var","name":"${'é'.repeat(4194300)}"}`;
    expect(text.length).toBeLessThan(8388608);
    expect(failure(decodeGlobal(text)).code).toBe('InputTooLarge');
  });

  test('depth counter: 128 nested rec decode, 129 fail at the innermost node', () => {
    expect(decodeGlobalValue(nestedRec(128)).ok).toBe(true);
    const e = failure(decodeGlobalValue(nestedRec(129)));
    expect(e.code).toBe('InputTooDeep');
    expect(e.message).toBe('Input too deep: JSON type depth exceeds 256');
    expect(e.path).toBe(`$${'.body'.repeat(129)}`);
  });

  test('depth counter: 85 nested comm decode, 86 fail at the innermost branch array', () => {
    expect(decodeGlobalValue(nestedComm(85)).ok).toBe(true);
    const e = failure(decodeGlobalValue(nestedComm(86)));
    expect(e.code).toBe('InputTooDeep');
    expect(e.path).toBe(`$${'.branches[0].continuation'.repeat(85)}.branches`);
  });

  test('local types count depth the same way', () => {
    let t: unknown = end;
    for (let i = 0; i < 129; i++) t = { kind: 'rec', var: 'X', body: t };
    expect(failure(decodeLocalValue(t)).code).toBe('InputTooDeep');
  });

  test('a pathologically deep sort is data, not a crash', () => {
    let sort: unknown = 'unit';
    for (let i = 0; i < 200000; i++) sort = { prod: [sort, 'nat'] };
    const r = decodeGlobalValue(comm([branch({ name: 'm', sort })]));
    expect(r.ok ? 'ok' : r.error.code).toMatch(/^(ok|InputTooDeep)$/);
  });

  test('delegate is accepted with allowLeanOnlyKinds', () => {
    const d = { kind: 'delegate', delegator: 'A', delegatee: 'B', session_id: 7, role: 'R', continuation: end };
    expect(decodeGlobalValue(d, { allowLeanOnlyKinds: true })).toEqual({ ok: true, value: d });
    expect(failure(decodeGlobalValue({ ...d, session_id: -1 }, { allowLeanOnlyKinds: true }))).toMatchObject({
      code: 'ExpectedNat',
      path: '$.session_id',
    });
  });

  test('round trip is exact and encoders write canonical key order', () => {
    const g = comm([
      branch(
        { name: 'm', sort: { prod: ['nat', { vector: 2 }] } },
        { kind: 'rec', var: 't', body: { kind: 'var', name: 't' } },
      ),
    ]);
    const r = decodeGlobal(JSON.stringify(g));
    expect(r.ok && encodeGlobal(r.value)).toEqual(g);
    expect(JSON.stringify(encodeGlobal(r.ok ? r.value : (end as GlobalType)))).toBe(
      '{"kind":"comm","sender":"A","receiver":"B","branches":[{"label":{"name":"m","sort":{"prod":["nat",{"vector":2}]}},"continuation":{"kind":"rec","var":"t","body":{"kind":"var","name":"t"}}}]}',
    );
  });

  test('encodeLocal drops payload annotations', () => {
    const t = {
      kind: 'send',
      partner: 'B',
      branches: [{ label: m, continuation: end, payload: { kind: 'chan', sid: 1, role: 'R' } }],
    } as const;
    expect(encodeLocal(t)).toEqual({ kind: 'send', partner: 'B', branches: [{ label: m, continuation: end }] });
  });
});

describe('Lean-compatible decoder (projection.md §3.2)', () => {
  test('ignores unknown keys (W10)', () => {
    expect(decodeGlobalLean({ kind: 'end', extra: 1 })).toEqual({ ok: true, value: end });
  });

  test('requires sort (W10)', () => {
    expect(failure(decodeGlobalLean(comm([branch({ name: 'm' })])))).toMatchObject({
      code: 'InvalidSort',
      path: '$.branches[0].label.sort',
    });
  });

  test('accepts delegate and projects it (W10)', () => {
    const d = { kind: 'delegate', delegator: 'A', delegatee: 'B', session_id: 7, role: 'R', continuation: end };
    const r = decodeGlobalLean(d);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(roles(r.value)).toEqual(['A', 'B']);
    const dl = { name: '_delegate', sort: 'unit' };
    expect(encodeLocal(projectCore(r.value, 'A'))).toEqual({
      kind: 'send',
      partner: 'B',
      branches: [{ label: dl, continuation: end }],
    });
    expect(encodeLocal(projectCore(r.value, 'B'))).toEqual({
      kind: 'recv',
      partner: 'A',
      branches: [{ label: dl, continuation: end }],
    });
    expect(failure(decodeGlobalLean({ ...d, session_id: 'x' }))).toMatchObject({
      code: 'ExpectedNat',
      path: '$.session_id',
    });
    const { session_id: _sid, ...noSid } = d;
    expect(failure(decodeGlobalLean(noSid))).toMatchObject({ code: 'MissingField', path: '$.session_id' });
  });

  test('vector wins over prod; other keys ignored (W10, PRJ-D7)', () => {
    const r = decodeGlobalLean(comm([branch({ name: 'm', sort: { vector: 2, prod: ['nat', 'nat'], x: 1 } })]));
    expect(r.ok && r.value).toEqual(comm([branch({ name: 'm', sort: { vector: 2 } })]));
  });

  test.each([
    ['missing continuation (W10)', comm([{ label: m }]), 'ExpectedObject', '$.branches[0].continuation'],
    ['missing body', { kind: 'rec', var: 't' }, 'ExpectedObject', '$.body'],
    ['node not an object', comm([branch(m, 3)]), 'ExpectedObject', '$.branches[0].continuation'],
    ['missing kind', {}, 'MissingField', '$.kind'],
    ['kind not a string', { kind: 1 }, 'ExpectedString', '$.kind'],
    ['unknown kind', { kind: 'send' }, 'InvalidKind', '$.kind'],
    ['missing sender', { kind: 'comm', receiver: 'B', branches: [] }, 'MissingField', '$.sender'],
    ['branches not an array', comm('x' as unknown as unknown[]), 'ExpectedArray', '$.branches'],
    ['branch not an object', comm([5]), 'ExpectedObject', '$.branches[0].label'],
    ['label not an object', comm([branch(null)]), 'ExpectedObject', '$.branches[0].label'],
    [
      'label name not a string',
      comm([branch({ name: 1, sort: 'unit' })]),
      'ExpectedString',
      '$.branches[0].label.name',
    ],
    ['label name missing', comm([branch({ sort: 'unit' })]), 'MissingField', '$.branches[0].label.name'],
    [
      'innermost failing sort',
      comm([branch({ name: 'm', sort: { prod: ['nat', { prod: ['unit', 'int'] }] } })]),
      'InvalidSort',
      '$.branches[0].label.sort.prod[1].prod[1]',
    ],
    [
      'prod of wrong length',
      comm([branch({ name: 'm', sort: { prod: [] } })]),
      'InvalidSort',
      '$.branches[0].label.sort',
    ],
  ] as const)('%s', (_n, json, code, path) => {
    expect(failure(decodeGlobalLean(json))).toMatchObject({ code, path });
  });

  test('checks in Lean order: the first branch fully before the second', () => {
    const g = comm([branch(m, { kind: 'bogus' }), branch({ name: 'n', sort: 'int' })]);
    expect(failure(decodeGlobalLean(g))).toMatchObject({
      code: 'InvalidKind',
      path: '$.branches[0].continuation.kind',
    });
  });

  test('local decoder: send/recv only', () => {
    expect(decodeLocalLean({ kind: 'send', partner: 'B', branches: [], x: 1 })).toEqual({
      ok: true,
      value: { kind: 'send', partner: 'B', branches: [] },
    });
    expect(failure(decodeLocalLean({ kind: 'comm' }))).toMatchObject({ code: 'InvalidKind', path: '$.kind' });
  });

  test('text form: invalid JSON → ExpectedObject at $, no size limit', () => {
    expect(failure(decodeGlobalLeanText('nope'))).toEqual({
      code: 'ExpectedObject',
      path: '$',
      message: 'Expected object, got: invalid JSON',
    });
  });

  test('does not overflow the stack on 100 000 nested nodes', () => {
    let t: unknown = end;
    for (let i = 0; i < 100000; i++) t = i % 2 === 0 ? { kind: 'rec', var: 'X', body: t } : comm([branch(m, t)]);
    const r = decodeGlobalLean(t);
    expect(r.ok).toBe(true);
    let bad: unknown = { kind: 'bogus' };
    for (let i = 0; i < 100000; i++) bad = { kind: 'rec', var: 'X', body: bad };
    expect(failure(decodeGlobalLean(bad))).toMatchObject({ code: 'InvalidKind' });
  });

  test('decodes what the strict decoder decodes, to the same value', () => {
    const g = comm([
      branch(
        { name: 'm', sort: { prod: ['nat', { vector: 2 }] } },
        { kind: 'rec', var: 't', body: comm([branch(m, { kind: 'var', name: 't' })]) },
      ),
    ]);
    expect(decodeGlobalLean(g)).toEqual(decodeGlobalValue(g));
  });
});
