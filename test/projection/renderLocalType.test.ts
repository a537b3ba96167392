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
          {
            label: 'ping',
            cont: { kind: 'branch', partner: 'B', branches: [{ label: 'pong', cont: { kind: 'var', index: 0 } }] },
          },
          { label: 'stop', cont: { kind: 'end' } },
        ],
      },
    };
    // 122 columns flat: Lean breaks the outer application and keeps the argument on one line.
    expect(renderLocalType(t, 200)).toBe(
      'LocalType.mu (LocalType.select "B" [("ping", LocalType.branch "B" [("pong", LocalType.var 0)]), ("stop", LocalType.end_)])',
    );
    expect(renderLocalType(t)).toBe(
      'LocalType.mu\n  (LocalType.select "B" [("ping", LocalType.branch "B" [("pong", LocalType.var 0)]), ("stop", LocalType.end_)])',
    );
    expect(renderLocalType({ kind: 'end' })).toBe('LocalType.end_');
    expect(renderLocalType({ kind: 'var', index: 2 })).toBe('LocalType.var 2');
    expect(renderLocalType({ kind: 'select', partner: 'B', branches: [] })).toBe('LocalType.select "B" []');
    expect(
      renderLocalType({
        kind: 'send',
        partner: 'B',
        payload: { kind: 'prod', left: { kind: 'nat' }, right: { kind: 'chan', sid: 1, role: 'A' } },
        cont: { kind: 'mu', body: { kind: 'end' } },
      }),
    ).toBe('LocalType.send "B" (ValType.prod ValType.nat (ValType.chan 1 "A")) (LocalType.mu LocalType.end_)');
    expect(renderLocalType({ kind: 'recv', partner: 'q"\\', payload: { kind: 'string' }, cont: { kind: 'end' } })).toBe(
      'LocalType.recv "q\\"\\\\" ValType.string LocalType.end_',
    );
  });
});

describe('renderLocalType: Lean Format layout at width 120', () => {
  const g: SessionType = {
    kind: 'mu',
    body: {
      kind: 'select',
      partner: 'Server',
      branches: [
        {
          label: 'request',
          cont: {
            kind: 'branch',
            partner: 'Server',
            branches: [
              {
                label: 'response',
                cont: {
                  kind: 'select',
                  partner: 'Server',
                  branches: [{ label: 'ack', cont: { kind: 'var', index: 0 } }],
                },
              },
            ],
          },
        },
        {
          label: 'quit',
          cont: { kind: 'branch', partner: 'Server', branches: [{ label: 'bye', cont: { kind: 'end' } }] },
        },
      ],
    },
  };

  test('a type wider than 120 columns breaks group by group, arguments indented by 2, brackets aligned', () => {
    expect(renderLocalType(g)).toBe(
      [
        'LocalType.mu',
        '  (LocalType.select',
        '     "Server"',
        '     [("request", LocalType.branch "Server" [("response", LocalType.select "Server" [("ack", LocalType.var 0)])]),',
        '      ("quit", LocalType.branch "Server" [("bye", LocalType.end_)])])',
      ].join('\n'),
    );
  });

  test('a narrower width breaks inner groups too; every line fits unless a single atom is wider', () => {
    const text = renderLocalType(g, 40);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(40);
    expect(text.split('\n')).toHaveLength(15);
    expect(text.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/\[ /g, '[')).toBe(renderLocalType(g, 10_000));
  });
});
