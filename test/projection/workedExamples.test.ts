import { describe, expect, test } from 'vitest';
import { asyncSubtype } from '../../src/projection/asyncSubtype.js';
import { checkProjection } from '../../src/projection/checkProjection.js';
import { dual, isDual } from '../../src/projection/dual.js';
import { encodeLocal } from '../../src/projection/encodeLocal.js';
import { isWellFormed } from '../../src/projection/isWellFormed.js';
import { merge, mergeAll } from '../../src/projection/merge.js';
import { project } from '../../src/projection/project.js';
import { projectAll } from '../../src/projection/projectAll.js';
import { projectChecked } from '../../src/projection/projectChecked.js';
import { projectCore } from '../../src/projection/projectCore.js';
import { roles } from '../../src/projection/roles.js';
import { rolesSorted } from '../../src/projection/rolesSorted.js';
import { validateGlobal, formatWellFormednessErrors } from '../../src/projection/validateGlobal.js';
import { freeVars } from '../../src/projection/freeVars.js';
import type { GlobalType, LocalType } from '../../src/types/session.js';
import { c, end, lmu, mu, recv, send, v } from './_dsl.js';

const accepted = (g: GlobalType, role: string) => projectChecked(g, role).ok;
const rejected = (role: string) => ({
  ok: false,
  error: { error: 'ProjectionRejected', role, message: `projection mismatch for role ${role}` },
});

describe('W1 — loop with a bystander', () => {
  const g = mu('t', c('A', 'B', [['m', v('t')]]));
  const g2 = mu('t', c('A', 'B', [['m', end]]));
  test('projections', () => {
    expect(roles(g)).toEqual(['A', 'B']);
    expect(projectCore(g, 'A')).toEqual(lmu('t', send('B', [['m', v('t')]])));
    expect(projectCore(g, 'C')).toEqual(end);
    expect(encodeLocal(projectCore(g2, 'C'))).toEqual({ kind: 'rec', var: 't', body: { kind: 'end' } });
    expect(project(g2, 'C')).toEqual({ ok: true, value: lmu('t', end) });
  });
  test('checked projection', () => {
    for (const r of ['A', 'B', 'C']) {
      expect(accepted(g, r)).toBe(true);
      expect(accepted(g2, r)).toBe(true);
    }
    expect(checkProjection(g, 'C', end)).toBe(true);
    expect(checkProjection(g, 'C', lmu('t', end))).toBe(false);
    expect(checkProjection(g, 'A', lmu('s', send('B', [['m', v('s')]])))).toBe(false);
  });
});

describe('W2 — bystander receives different labels (recv union)', () => {
  const g = c('A', 'B', [
    ['l1', c('B', 'C', [['zeta', 'nat', end]])],
    ['l2', c('B', 'C', [['alpha', 'bool', end]])],
  ]);
  test('projectCore follows the first branch; project takes the sorted union', () => {
    expect(projectCore(g, 'C')).toEqual(recv('B', [['zeta', 'nat', end]]));
    const r = project(g, 'C');
    expect(r.ok && JSON.stringify(encodeLocal(r.value))).toBe(
      '{"kind":"recv","partner":"B","branches":[{"label":{"name":"alpha","sort":"bool"},"continuation":{"kind":"end"}},{"label":{"name":"zeta","sort":"nat"},"continuation":{"kind":"end"}}]}',
    );
  });
  test('checked: C rejected, A and B accepted', () => {
    expect(projectChecked(g, 'C')).toEqual(rejected('C'));
    expect(accepted(g, 'A')).toBe(true);
    expect(accepted(g, 'B')).toBe(true);
  });
});

describe('W3 — bystander would have to choose', () => {
  const g = c('A', 'B', [
    ['l1', c('C', 'B', [['x', end]])],
    ['l2', c('C', 'B', [['y', end]])],
  ]);
  test('projectCore, project error object and text', () => {
    expect(projectCore(g, 'C')).toEqual(send('B', [['x', end]]));
    expect(project(g, 'C')).toEqual({
      ok: false,
      error: {
        error: 'MergeFailure',
        role: 'C',
        merge_error: 'SendLabelMismatch',
        left: 'x',
        right: 'y',
        message:
          "cannot merge branches for role 'C': send branch label mismatch: cannot merge sends with different labels 'x' vs 'y'",
      },
    });
    const all = projectAll(g);
    expect(all.ok === false && all.error.failed_role).toBe('C');
    expect(project(g, 'A').ok).toBe(true);
  });
  test('checked', () => {
    expect(projectChecked(g, 'A')).toEqual({
      ok: true,
      value: send('B', [
        ['l1', end],
        ['l2', end],
      ]),
    });
    expect(projectChecked(g, 'B')).toEqual({
      ok: true,
      value: recv('A', [
        ['l1', recv('C', [['x', end]])],
        ['l2', recv('C', [['y', end]])],
      ]),
    });
    expect(checkProjection(g, 'C', send('B', [['x', end]]))).toBe(false);
    expect(projectChecked(g, 'C')).toEqual(rejected('C'));
  });
});

describe('W4 — bystander only involved in one branch', () => {
  const g = c('A', 'B', [
    ['l1', c('B', 'C', [['x', end]])],
    ['l2', end],
  ]);
  test('projections and errors', () => {
    expect(projectCore(g, 'C')).toEqual(recv('B', [['x', end]]));
    const r = project(g, 'C');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({
      error: 'MergeFailure',
      role: 'C',
      merge_error: 'EndMismatch',
      other: encodeLocal(recv('B', [['x', end]])),
    });
    expect(!r.ok && r.error.message).toBe(
      `cannot merge branches for role 'C': cannot merge end with non-end type: {"kind":"recv","partner":"B","branches":[{"label":{"name":"x","sort":"unit"},"continuation":{"kind":"end"}}]}`,
    );
    expect(accepted(g, 'C')).toBe(false);
  });
});

describe('W5 — sorted result vs preserved order', () => {
  const g = c('A', 'B', [
    [
      'go',
      c('C', 'D', [
        ['b', end],
        ['a', c('D', 'C', [['k', end]])],
      ]),
    ],
    [
      'stop',
      c('C', 'D', [
        ['a', c('D', 'C', [['j', end]])],
        ['b', end],
      ]),
    ],
  ]);
  test('projectCore keeps order; project sorts', () => {
    expect(projectCore(g, 'C')).toEqual(
      send('D', [
        ['b', end],
        ['a', recv('D', [['k', end]])],
      ]),
    );
    expect(project(g, 'C')).toEqual({
      ok: true,
      value: send('D', [
        [
          'a',
          recv('D', [
            ['j', end],
            ['k', end],
          ]),
        ],
        ['b', end],
      ]),
    });
    expect(project(g, 'D')).toMatchObject({
      ok: false,
      error: { error: 'MergeFailure', role: 'D', merge_error: 'IncompatibleContinuations', label: 'a' },
    });
    for (const [r, ok] of [
      ['A', true],
      ['B', true],
      ['C', false],
      ['D', false],
    ] as const)
      expect(accepted(g, r)).toBe(ok);
  });
  test('identical branches keep the original order and are accepted', () => {
    const same = c('C', 'D', [
      ['b', end],
      ['a', end],
    ]);
    const g2 = c('A', 'B', [
      ['go', same],
      ['stop', same],
    ]);
    expect(project(g2, 'C')).toEqual({
      ok: true,
      value: send('D', [
        ['b', end],
        ['a', end],
      ]),
    });
    for (const r of ['A', 'B', 'C', 'D']) expect(accepted(g2, r)).toBe(true);
  });
});

describe('W6 — empty choice', () => {
  const g = c('A', 'B', []);
  test('projections, errors and diagnostics', () => {
    expect(encodeLocal(projectCore(g, 'A'))).toEqual({ kind: 'send', partner: 'B', branches: [] });
    expect(encodeLocal(projectCore(g, 'B'))).toEqual({ kind: 'recv', partner: 'A', branches: [] });
    const err = {
      error: 'EmptyBranches',
      sender: 'A',
      receiver: 'B',
      message: 'empty branches in communication from A to B',
    };
    expect(project(g, 'Z')).toEqual({ ok: false, error: err });
    expect(projectAll(g)).toEqual({ ok: false, error: { ...err, failed_role: 'A' } });
    expect(isWellFormed(g)).toBe(false);
    expect(validateGlobal(g)).toEqual([{ error: 'EmptyBranches', message: 'empty branches not allowed' }]);
    for (const r of ['A', 'B', 'Z']) expect(accepted(g, r)).toBe(true);
    expect(checkProjection(g, 'Z', send('Q', []))).toBe(true);
  });
});

describe('W7 — nested binders', () => {
  const g = mu('X', mu('Y', c('A', 'B', [['a', v('X')]])));
  test('Lean well-formed, Rust UnguardedRecursion, both binders kept', () => {
    expect(isWellFormed(g)).toBe(true);
    expect(validateGlobal(g)).toEqual([
      { error: 'UnguardedRecursion', message: 'unguarded recursion: μ-binder must be followed by communication' },
    ]);
    expect(projectCore(g, 'A')).toEqual(lmu('X', lmu('Y', send('B', [['a', v('X')]]))));
    expect(projectCore(g, 'C')).toEqual(end);
    for (const r of ['A', 'B', 'C']) {
      expect(project(g, r)).toEqual({ ok: true, value: projectCore(g, r) });
      expect(accepted(g, r)).toBe(true);
    }
  });
  test('rec X. X → end for every role, no roles', () => {
    const u = mu('X', v('X'));
    expect(roles(u)).toEqual([]);
    expect(projectCore(u, 'A')).toEqual(end);
    expect(isWellFormed(u)).toBe(false);
  });
});

describe('W8 — async subtyping', () => {
  const t = send('B', [['m', recv('B', [['n', end]])]]);
  test('cases', () => {
    expect(asyncSubtype(t, t)).toEqual({ ok: true, value: undefined });
    expect(asyncSubtype(t, end)).toEqual({
      ok: false,
      error: {
        error: 'PhaseMismatch',
        sub: 2,
        sup: 0,
        message: 'siso phase mismatch: subtype has 2 segments, supertype has 0',
      },
    });
    expect(
      asyncSubtype(
        send('B', [
          ['m', end],
          ['k', end],
        ]),
        send('B', [
          ['k', end],
          ['m', end],
        ]),
      ).ok,
    ).toBe(true);
    expect(
      asyncSubtype(
        send('B', [
          ['m', end],
          ['k', end],
        ]),
        send('B', [['m', end]]),
      ),
    ).toEqual({ ok: false, error: { error: 'OutputTreeMismatch', message: 'output trees do not match' } });
    expect(asyncSubtype(recv('A', [['m', 'nat', end]]), recv('A', [['m', 'bool', end]]))).toEqual({
      ok: false,
      error: { error: 'InputTreeMismatch', message: 'input trees do not match' },
    });
    const loop = lmu('X', send('B', [['m', v('X')]]));
    expect(asyncSubtype(loop, loop)).toEqual({
      ok: false,
      error: { error: 'UnfoldLimitExceeded', message: 'siso decomposition exceeded the unfold limit' },
    });
    const exit = lmu(
      'X',
      send('B', [
        ['stop', end],
        ['more', v('X')],
      ]),
    );
    expect(asyncSubtype(exit, exit).ok).toBe(true);
    const swapped = lmu(
      'X',
      send('B', [
        ['more', v('X')],
        ['stop', end],
      ]),
    );
    expect(asyncSubtype(swapped, swapped).ok).toBe(false);
  });
  test('fuel is a parameter: a chain deeper than the fuel runs out', () => {
    let deep: LocalType = end;
    for (let i = 0; i < 20; i++) deep = send('B', [['m', recv('B', [['n', deep]])]]);
    expect(asyncSubtype(deep, deep).ok).toBe(true);
    expect(asyncSubtype(deep, deep, 10).ok).toBe(false);
  });
});

describe('W9 — duality', () => {
  test('dual and the binary property', () => {
    expect(dual(lmu('X', send('B', [['m', recv('C', [['n', v('X')]])]])))).toEqual(
      lmu('X', recv('B', [['m', send('C', [['n', v('X')]])]])),
    );
    const g = mu(
      't',
      c('A', 'B', [
        ['ping', c('B', 'A', [['pong', v('t')]])],
        ['stop', end],
      ]),
    );
    const a = projectCore(g, 'A');
    expect(a).toEqual(
      lmu(
        't',
        send('B', [
          ['ping', recv('B', [['pong', v('t')]])],
          ['stop', end],
        ]),
      ),
    );
    expect(projectCore(g, 'B')).toEqual(
      lmu(
        't',
        recv('A', [
          ['ping', send('A', [['pong', v('t')]])],
          ['stop', end],
        ]),
      ),
    );
    expect(dual(a)).toEqual(
      lmu(
        't',
        recv('B', [
          ['ping', send('B', [['pong', v('t')]])],
          ['stop', end],
        ]),
      ),
    );
    expect(dual(dual(a))).toEqual(a);
    expect(isDual(a, dual(a))).toBe(true);
    expect(isDual(a, a)).toBe(false);
  });
});

describe('W11 — checked projection verdicts', () => {
  const loop = mu(
    't',
    c('A', 'B', [
      ['more', v('t')],
      ['stop', end],
    ]),
  );
  const cases: ReadonlyArray<readonly [string, GlobalType, Record<string, boolean>]> = [
    [
      'bystander sees the same in both branches',
      c('A', 'B', [
        ['l1', c('B', 'A', [['ack', c('C', 'A', [['x', end]])]])],
        ['l2', c('C', 'A', [['x', end]])],
      ]),
      { A: true, B: true, C: true },
    ],
    ['two-role loop', loop, { A: true, B: true }],
    ['loop with an absent listed role', loop, { A: true, B: true, Z: false }],
    [
      'swapped loop with an absent role',
      mu(
        't',
        c('A', 'B', [
          ['stop', end],
          ['more', v('t')],
        ]),
      ),
      { A: true, B: true, Z: false },
    ],
    ['C starts a loop it is not in', c('C', 'A', [['go', loop]]), { A: true, B: true, C: false }],
    [
      'end vs rec X. end',
      c('C', 'A', [
        [
          'go',
          c('A', 'B', [
            ['l1', end],
            ['l2', mu('X', c('A', 'B', [['m', end]]))],
          ]),
        ],
      ]),
      { A: true, B: true, C: false },
    ],
    [
      'bystander informed with different labels',
      c('A', 'B', [
        ['l1', c('A', 'C', [['l1', end]])],
        ['l2', c('A', 'C', [['l2', end]])],
      ]),
      { A: true, B: true, C: false },
    ],
  ];
  test.each(cases)('%s', (_n, g, verdicts) => {
    for (const [role, ok] of Object.entries(verdicts)) expect([role, accepted(g, role)]).toEqual([role, ok]);
  });
  test('projections named in the table', () => {
    expect(projectCore(loop, 'Z')).toEqual(end);
    expect(
      projectCore(
        mu(
          't',
          c('A', 'B', [
            ['stop', end],
            ['more', v('t')],
          ]),
        ),
        'Z',
      ),
    ).toEqual(lmu('t', end));
    expect(projectCore(c('C', 'A', [['go', loop]]), 'C')).toEqual(send('A', [['go', end]]));
    expect(project(c('C', 'A', [['go', loop]]), 'C')).toMatchObject({
      ok: false,
      error: { merge_error: 'EndMismatch' },
    });
    const informed = c('A', 'B', [
      ['l1', c('A', 'C', [['l1', end]])],
      ['l2', c('A', 'C', [['l2', end]])],
    ]);
    expect(projectCore(informed, 'C')).toEqual(recv('A', [['l1', end]]));
    expect(project(informed, 'C')).toEqual({
      ok: true,
      value: recv('A', [
        ['l1', end],
        ['l2', end],
      ]),
    });
  });
  test('candidates other than projectCore: sorts must match', () => {
    const g = c('A', 'B', [['m', 'nat', end]]);
    expect(checkProjection(g, 'B', recv('A', [['m', 'unit', end]]))).toBe(false);
    expect(checkProjection(g, 'B', recv('A', [['m', 'nat', end]]))).toBe(true);
    expect(checkProjection(g, 'B', send('A', [['m', 'nat', end]]))).toBe(false);
    expect(checkProjection(g, 'B', recv('Q', [['m', 'nat', end]]))).toBe(false);
  });
  test('a payload annotation on a comm branch is rejected; delegate needs it', () => {
    const g = c('A', 'B', [['m', end]]);
    const annotated: LocalType = {
      kind: 'send',
      partner: 'B',
      branches: [{ label: { name: 'm', sort: 'unit' }, continuation: end, payload: { kind: 'unit' } }],
    };
    expect(checkProjection(g, 'A', annotated)).toBe(false);
    const d: GlobalType = {
      kind: 'delegate',
      delegator: 'A',
      delegatee: 'B',
      session_id: 3,
      role: 'R',
      continuation: end,
    };
    expect(projectChecked(d, 'A').ok).toBe(true);
    expect(projectChecked(d, 'B').ok).toBe(true);
    expect(checkProjection(d, 'A', send('B', [['_delegate', end]]))).toBe(false);
  });
});

describe('roles, free variables, diagnostics (§4, §5)', () => {
  test('first-occurrence vs code-point order', () => {
    const g = c('C', 'A', [['m', c('A', 'B', [['m', c('B', 'D', [['m', end]])]])]]);
    expect(roles(g)).toEqual(['C', 'A', 'B', 'D']);
    expect(rolesSorted(g)).toEqual(['A', 'B', 'C', 'D']);
    expect(rolesSorted(c('\u{10000}', '\uffff', [['m', end]]))).toEqual(['\uffff', '\u{10000}']);
    expect(roles(mu('X', end))).toEqual([]);
  });
  test('freeVars in first-occurrence order, unique', () => {
    expect(
      freeVars(
        c('A', 'B', [
          ['a', v('Z')],
          ['b', mu('Z', v('Z'))],
          ['c', v('Y')],
          ['d', v('Z')],
        ]),
      ),
    ).toEqual(['Z', 'Y']);
  });
  test('all Rust diagnostics in the fixed order and the multiple display', () => {
    const g = c('A', 'A', [
      ['x', v('u')],
      ['x', mu('t', v('t'))],
      ['y', c('B', 'C', [])],
    ]);
    const errors = validateGlobal(g);
    expect(errors.map((e) => e.error)).toEqual([
      'UnboundVariable',
      'EmptyBranches',
      'SelfCommunication',
      'UnguardedRecursion',
      'DuplicateLabel',
    ]);
    expect(errors).toContainEqual({
      error: 'SelfCommunication',
      role: 'A',
      message: "self-communication: role 'A' cannot send to itself",
    });
    expect(errors).toContainEqual({
      error: 'DuplicateLabel',
      label: 'x',
      message: "duplicate label name 'x' in branches",
    });
    expect(formatWellFormednessErrors(errors)).toBe(
      "multiple validation errors: unbound type variable 'u', empty branches not allowed, self-communication: role 'A' cannot send to itself, unguarded recursion: μ-binder must be followed by communication, duplicate label name 'x' in branches",
    );
    expect(formatWellFormednessErrors(errors.slice(0, 1))).toBe("unbound type variable 'u'");
    expect(isWellFormed(g)).toBe(false);
  });
  test('labels with the same name but different sorts: Lean allows, Rust reports', () => {
    const g = c('A', 'B', [
      ['a', end],
      ['a', 'nat', end],
    ]);
    expect(isWellFormed(g)).toBe(true);
    expect(validateGlobal(g).map((e) => e.error)).toEqual(['DuplicateLabel']);
  });
  test('self-communication projects to a send for the role', () => {
    expect(projectCore(c('A', 'A', [['m', end]]), 'A')).toEqual(send('A', [['m', end]]));
  });
});

describe('merge (§7.2): every MergeError variant', () => {
  const m = (t1: LocalType, t2: LocalType) => merge(t1, t2);
  test.each([
    [
      'EndMismatch',
      m(end, v('t')),
      { other: { kind: 'var', name: 't' }, message: 'cannot merge end with non-end type: {"kind":"var","name":"t"}' },
    ],
    [
      'PartnerMismatch',
      m(send('B', [['a', end]]), send('C', [['a', end]])),
      { expected: 'B', found: 'C', message: 'partner mismatch in merge: expected B, found C' },
    ],
    [
      'DirectionMismatch',
      m(send('B', [['a', end]]), recv('B', [['a', end]])),
      { message: 'direction mismatch in merge: cannot merge send with recv' },
    ],
    [
      'IncompatibleContinuations',
      m(send('B', [['a', end]]), send('B', [['a', v('t')]])),
      { label: 'a', message: "incompatible continuations for label 'a'" },
    ],
    [
      'IncompatibleContinuations',
      m(send('B', [['a', 'nat', end]]), send('B', [['a', end]])),
      { label: 'a', message: "incompatible continuations for label 'a'" },
    ],
    [
      'IncompatibleContinuations',
      m(recv('B', [['a', 'nat', end]]), recv('B', [['a', end]])),
      { label: 'a', message: "incompatible continuations for label 'a'" },
    ],
    [
      'SendLabelMismatch',
      m(send('B', [['a', end]]), send('B', [['b', end]])),
      {
        left: 'a',
        right: 'b',
        message: "send branch label mismatch: cannot merge sends with different labels 'a' vs 'b'",
      },
    ],
    [
      'SendBranchCountMismatch',
      m(
        send('B', [['a', end]]),
        send('B', [
          ['a', end],
          ['b', end],
        ]),
      ),
      { left: 1, right: 2, message: 'send branch count mismatch: 1 labels vs 2 labels' },
    ],
    [
      'RecursiveVariableMismatch',
      m(lmu('X', send('B', [])), lmu('Y', send('B', []))),
      { expected: 'X', found: 'Y', message: 'recursive variable mismatch: expected X, found Y' },
    ],
    [
      'VariableMismatch',
      m(v('X'), v('Y')),
      { expected: 'X', found: 'Y', message: 'type variable mismatch: expected X, found Y' },
    ],
    ['IncompatibleTypes', m(lmu('X', end), v('X')), { message: 'cannot merge incompatible types' }],
  ] as const)('%s', (variant, result, fields) => {
    expect(result).toEqual({ ok: false, error: { error: variant, ...fields } });
  });
  test('PayloadAnnotationMismatch (direct merge only)', () => {
    const t1: LocalType = {
      kind: 'recv',
      partner: 'B',
      branches: [{ label: { name: 'a', sort: 'unit' }, continuation: end, payload: { kind: 'nat' } }],
    };
    const t2: LocalType = {
      kind: 'recv',
      partner: 'B',
      branches: [
        { label: { name: 'a', sort: 'unit' }, continuation: end },
        { label: { name: 'b', sort: 'unit' }, continuation: end },
      ],
    };
    expect(merge(t1, t2)).toEqual({
      ok: false,
      error: {
        error: 'PayloadAnnotationMismatch',
        label: 'a',
        left: { kind: 'nat' },
        right: null,
        message: `payload annotation mismatch for label 'a': left={"kind":"nat"}, right=null`,
      },
    });
  });
  test('identical inputs come back unchanged (order kept); mergeAll folds left', () => {
    const t = send('B', [
      ['b', end],
      ['a', end],
    ]);
    expect(merge(t, t)).toEqual({ ok: true, value: t });
    expect(
      merge(
        send('B', [
          ['b', end],
          ['a', v('t')],
        ]),
        send('B', [
          ['a', v('t')],
          ['b', end],
        ]),
      ),
    ).toEqual({
      ok: true,
      value: send('B', [
        ['a', v('t')],
        ['b', end],
      ]),
    });
    expect(mergeAll([])).toMatchObject({ ok: false, error: { error: 'IncompatibleTypes' } });
    expect(mergeAll([t])).toEqual({ ok: true, value: t });
    expect(mergeAll([recv('B', [['c', end]]), recv('B', [['a', end]]), recv('B', [['b', end]])])).toEqual({
      ok: true,
      value: recv('B', [
        ['a', end],
        ['b', end],
        ['c', end],
      ]),
    });
    expect(merge(lmu('X', recv('B', [['a', end]])), lmu('X', recv('B', [['b', end]])))).toEqual({
      ok: true,
      value: lmu(
        'X',
        recv('B', [
          ['a', end],
          ['b', end],
        ]),
      ),
    });
  });
  test('project: EmptyBranches anywhere fails every role; delegate is UnsupportedKind', () => {
    const g = c('A', 'B', [
      ['m', end],
      ['n', c('C', 'D', [])],
    ]);
    expect(project(g, 'A')).toMatchObject({ ok: false, error: { error: 'EmptyBranches', sender: 'C', receiver: 'D' } });
    const d: GlobalType = {
      kind: 'delegate',
      delegator: 'A',
      delegatee: 'B',
      session_id: 0,
      role: 'R',
      continuation: end,
    };
    expect(project(d, 'A')).toEqual({
      ok: false,
      error: {
        error: 'UnsupportedKind',
        kind: 'delegate',
        message: "unsupported global kind 'delegate' in merge projection",
      },
    });
  });
});
