import { describe, expect, test } from 'vitest';
import { codeImageFromLocalTypes } from '../../src/machine/codeImage.js';
import { compileLocalType, relocate } from '../../src/machine/compileLocalType.js';
import { encodeInstruction } from '../../src/machine/instructionCodec.js';
import { toSessionType } from '../../src/machine/sessionType.js';
import type { LocalType } from '../../src/types/session.js';
import { END, lrecv, lsend, msg } from './_helpers.js';

const E: LocalType = { kind: 'end' };
const send = (p: string, bs: readonly (readonly [string, LocalType])[]): LocalType => ({
  kind: 'send',
  partner: p,
  branches: bs.map(([name, continuation]) => ({ label: { name, sort: 'unit' as const }, continuation })),
});
const recv = (p: string, bs: readonly (readonly [string, LocalType])[]): LocalType => ({
  kind: 'recv',
  partner: p,
  branches: bs.map(([name, continuation]) => ({ label: { name, sort: 'unit' as const }, continuation })),
});
const mu = (v: string, body: LocalType): LocalType => ({ kind: 'rec', var: v, body });
const v = (name: string): LocalType => ({ kind: 'var', name });

const text = (t: LocalType): string[] => compileLocalType(t).map((i) => JSON.stringify(encodeInstruction(i)));
const OFFER = (l: string) => JSON.stringify({ Offer: { chan: 0, label: l } });
const CHOOSE = (table: [string, number][]) => JSON.stringify({ Choose: { chan: 0, table } });
const INVOKE = JSON.stringify({ Invoke: { action: 'runtime.step' } });
const HALT = '"Halt"';
const JUMP = (t: number) => JSON.stringify({ Jump: { target: t } });

describe('compileLocalType: machine.md §10.1 examples (Lean compileLocalTypeR)', () => {
  test('1. single send / receive', () => {
    expect(text(send('B', [['ping', E]]))).toEqual([OFFER('ping'), INVOKE, HALT]);
    expect(text(recv('A', [['ping', E]]))).toEqual([CHOOSE([['ping', 1]]), INVOKE, HALT]);
  });

  test('2. ping-pong', () => {
    expect(text(send('B', [['ping', recv('B', [['pong', E]])]]))).toEqual([
      OFFER('ping'),
      INVOKE,
      CHOOSE([['pong', 3]]),
      INVOKE,
      HALT,
    ]);
    expect(text(recv('A', [['ping', send('A', [['pong', E]])]]))).toEqual([
      CHOOSE([['ping', 1]]),
      INVOKE,
      OFFER('pong'),
      INVOKE,
      HALT,
    ]);
  });

  test('3. recursion, and relocation by +5 in an image', () => {
    const a = mu('t', send('B', [['ping', recv('B', [['pong', v('t')]])]]));
    const b = mu('t', recv('A', [['ping', send('A', [['pong', v('t')]])]]));
    expect(text(a)).toEqual([OFFER('ping'), INVOKE, CHOOSE([['pong', 3]]), INVOKE, JUMP(0)]);
    expect(text(b)).toEqual([CHOOSE([['ping', 1]]), INVOKE, OFFER('pong'), INVOKE, JUMP(0)]);
    expect(relocate(compileLocalType(b), 5).map((i) => JSON.stringify(encodeInstruction(i)))).toEqual([
      CHOOSE([['ping', 6]]),
      INVOKE,
      OFFER('pong'),
      INVOKE,
      JUMP(5),
    ]);
    const image = codeImageFromLocalTypes(
      [
        ['B', b],
        ['A', a],
      ],
      END,
    );
    expect(image.program.entryPoints).toEqual([
      ['A', 0],
      ['B', 5],
    ]);
    expect(JSON.stringify(encodeInstruction(image.program.code[9]!))).toBe(JUMP(5));
  });

  test('4. choice: a multi-branch send compiles its first branch only; no Invoke after multi-branch messages', () => {
    expect(
      text(
        send('B', [
          ['yes', E],
          ['no', E],
        ]),
      ),
    ).toEqual([OFFER('yes'), HALT]);
    expect(
      text(
        recv('A', [
          ['yes', E],
          ['no', E],
        ]),
      ),
    ).toEqual([
      CHOOSE([
        ['yes', 1],
        ['no', 2],
      ]),
      HALT,
      HALT,
    ]);
  });

  test('5. annotated messages compile to Send / Receive + Invoke', () => {
    expect(text(lsend('B', 'v', E, { kind: 'nat' }))).toEqual([
      JSON.stringify({ Send: { chan: 0, val: 1 } }),
      INVOKE,
      HALT,
    ]);
    expect(text(lrecv('B', 'v', E, { kind: 'nat' }))).toEqual([
      JSON.stringify({ Receive: { chan: 0, dst: 1 } }),
      INVOKE,
      HALT,
    ]);
  });

  test('6. unbound variable and empty branch lists compile to Halt (MD-02)', () => {
    expect(text(v('z'))).toEqual([HALT]);
    expect(text(send('B', []))).toEqual([HALT]);
    expect(text(recv('B', []))).toEqual([HALT]);
    expect(text(E)).toEqual([HALT]);
  });

  test('7. nested recursion resolves var x by name to pc 0', () => {
    const t = mu('x', send('B', [['a', mu('y', recv('B', [['b', v('x')]]))]]));
    expect(text(t)).toEqual([OFFER('a'), INVOKE, CHOOSE([['b', 3]]), INVOKE, JUMP(0)]);
    expect(toSessionType(t)).toEqual({
      kind: 'mu',
      body: {
        kind: 'select',
        partner: 'B',
        branches: [
          {
            label: 'a',
            cont: {
              kind: 'mu',
              body: { kind: 'branch', partner: 'B', branches: [{ label: 'b', cont: { kind: 'var', index: 1 } }] },
            },
          },
        ],
      },
    });
  });

  test('loop targets are threaded through sibling branches and never popped', () => {
    // recv {l1: mu t. send{m: end}, l2: var t}: the binding made in branch 1 is visible in branch 2.
    const t = recv('A', [
      ['l1', mu('t', send('A', [['m', E]]))],
      ['l2', v('t')],
    ]);
    expect(text(t)).toEqual([
      CHOOSE([
        ['l1', 1],
        ['l2', 4],
      ]),
      OFFER('m'),
      INVOKE,
      HALT,
      JUMP(1),
    ]);
  });

  test('ensureTerminal (MD-03): code ending in a Jump gets no Halt; the compiler never ends elsewhere', () => {
    const t = mu('t', send('B', [['a', v('t')]]));
    expect(text(t)).toEqual([OFFER('a'), INVOKE, JUMP(0)]);
  });

  test('a projected protocol uses only Offer/Choose/Invoke/Jump/Halt (MD-01)', () => {
    const g = msg('A', 'B', 'x', msg('B', 'A', 'y'));
    const image = codeImageFromLocalTypes([['A', send('B', [['x', recv('B', [['y', E]])]])]], g);
    expect(new Set(image.program.code.map((i) => i.op))).toEqual(new Set(['Offer', 'Invoke', 'Choose', 'Halt']));
  });
});
