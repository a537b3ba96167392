import { describe, expect, test } from 'vitest';
import { renderLocalType } from '../../src/projection/renderLocalType.js';
import type { SessionType } from '../../src/types/machine.js';

describe('renderLocalType: Lean reprStr-like selected_type text', () => {
  test('every constructor, nesting parenthesised like derived Repr', () => {
    const t: SessionType = {
      kind: 'mu',
      body: {
        kind: 'select',
        partner: 'B',
        branches: [
          { label: 'ping', cont: { kind: 'branch', partner: 'B', branches: [{ label: 'pong', cont: { kind: 'var', index: 0 } }] } },
          { label: 'stop', cont: { kind: 'end' } },
        ],
      },
    };
    expect(renderLocalType(t)).toBe(
      'LocalType.mu (LocalType.select "B" [("ping", LocalType.branch "B" [("pong", LocalType.var 0)]), ("stop", LocalType.end_)])',
    );
    expect(renderLocalType({ kind: 'end' })).toBe('LocalType.end_');
    expect(renderLocalType({ kind: 'var', index: 2 })).toBe('LocalType.var 2');
    expect(renderLocalType({ kind: 'select', partner: 'B', branches: [] })).toBe('LocalType.select "B" []');
    expect(
      renderLocalType({ kind: 'send', partner: 'B', payload: { kind: 'prod', left: { kind: 'nat' }, right: { kind: 'chan', sid: 1, role: 'A' } }, cont: { kind: 'mu', body: { kind: 'end' } } }),
    ).toBe('LocalType.send "B" (ValType.prod ValType.nat (ValType.chan 1 "A")) (LocalType.mu LocalType.end_)');
    expect(renderLocalType({ kind: 'recv', partner: 'q"\\', payload: { kind: 'string' }, cont: { kind: 'end' } })).toBe(
      'LocalType.recv "q\\"\\\\" ValType.string LocalType.end_',
    );
  });
});
