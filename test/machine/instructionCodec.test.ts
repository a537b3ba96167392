import { assert, describe, expect, test } from 'vitest';
import { INSTRUCTION_OPS, decodeInstruction, encodeInstruction } from '../../src/machine/instructionCodec.js';

// machine.md §5 table, one JSON example per tag.
const examples: readonly unknown[] = [
  { Send: { chan: 0, val: 1 } },
  { Receive: { chan: 0, dst: 1 } },
  { Offer: { chan: 0, label: 'ping' } },
  { Choose: { chan: 0, table: [['ping', 6]] } },
  {
    Open: {
      roles: ['A', 'B'],
      local_types: [
        ['A', { kind: 'end' }],
        ['B', { kind: 'end' }],
      ],
      handlers: [[['A', 'B'], 'h']],
      dsts: [
        ['A', 1],
        ['B', 2],
      ],
    },
  },
  { Close: { session: 0 } },
  { Invoke: { action: 'runtime.step' } },
  { Invoke: { action: 3 } },
  { Acquire: { layer: 'g', dst: 2 } },
  { Release: { layer: 'g', evidence: 2 } },
  { Fork: { ghost: 2 } },
  'Join',
  'Abort',
  { Transfer: { endpoint: 1, target: 2, bundle: 3 } },
  { Tag: { fact: 1, dst: 2 } },
  { Check: { knowledge: 1, target: 2, dst: 3 } },
  { Set: { dst: 1, val: { Nat: 5 } } },
  { Move: { dst: 1, src: 2 } },
  { Jump: { target: 0 } },
  { Spawn: { target: 4, args: [0, 1] } },
  'Yield',
  'Halt',
];

describe('instruction JSON (machine.md §5, Rust serde)', () => {
  test('all 21 tags parse and round-trip', () => {
    const ops = new Set<string>();
    for (const json of examples) {
      const r = decodeInstruction(json);
      assert(r.ok, JSON.stringify(json));
      ops.add(r.value.op);
      expect(encodeInstruction(r.value)).toEqual(json);
    }
    expect([...ops].sort()).toEqual([...INSTRUCTION_OPS].sort());
    expect(INSTRUCTION_OPS).toHaveLength(21);
  });

  test('Invoke.action: a string is a named action, a number a register', () => {
    expect(decodeInstruction({ Invoke: { action: 3 } })).toEqual({ ok: true, value: { op: 'Invoke', action: 3 } });
    expect(decodeInstruction({ Invoke: { action: 'x' } })).toEqual({ ok: true, value: { op: 'Invoke', action: 'x' } });
  });

  test('unknown tags are rejected (rust/machine/tests/unknown_opcode.rs)', () => {
    expect(decodeInstruction({ Teleport: { chan: 0 } })).toMatchObject({
      ok: false,
      error: { code: 'InvalidInstruction', path: '$' },
    });
    expect(decodeInstruction('Nop')).toMatchObject({ ok: false, error: { code: 'InvalidInstruction' } });
    expect(decodeInstruction({ Halt: {}, Jump: { target: 0 } }).ok).toBe(false);
  });

  test('register operands must fit u16; pcs must be naturals', () => {
    expect(decodeInstruction({ Send: { chan: 65535, val: 0 } }).ok).toBe(true);
    expect(decodeInstruction({ Send: { chan: 65536, val: 0 } })).toMatchObject({
      ok: false,
      error: { path: '$.Send.chan' },
    });
    expect(decodeInstruction({ Move: { dst: -1, src: 0 } })).toMatchObject({
      ok: false,
      error: { path: '$.Move.dst' },
    });
    expect(decodeInstruction({ Jump: { target: 1.5 } })).toMatchObject({ ok: false, error: { path: '$.Jump.target' } });
    expect(decodeInstruction({ Choose: { chan: 0, table: [['a']] } })).toMatchObject({
      ok: false,
      error: { path: '$.Choose.table[0]' },
    });
    expect(decodeInstruction({ Spawn: { target: 0, args: [70000] } })).toMatchObject({
      ok: false,
      error: { path: '$.Spawn.args[0]' },
    });
    expect(decodeInstruction({ Offer: { chan: 0 } })).toMatchObject({ ok: false, error: { path: '$.Offer.label' } });
  });

  test('Set immediates: Rust values incl. Prod/Endpoint accepted in our model (MD-36)', () => {
    expect(decodeInstruction({ Set: { dst: 1, val: { Prod: ['Unit', { Bool: false }] } } })).toMatchObject({
      ok: true,
    });
    expect(decodeInstruction({ Set: { dst: 1, val: { Nat: -3 } } })).toMatchObject({
      ok: false,
      error: { path: '$.Set.val.Nat' },
    });
  });
});
