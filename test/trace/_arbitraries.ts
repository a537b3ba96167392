import fc from 'fast-check';
import type { BridgeEvent } from '../../src/types/bridge.js';

const V = 'lean_bridge.v1';

/** Random bridge traces with non-decreasing raw ticks over up to four sessions plus session-less events. */
export const bridgeTraceArb: fc.Arbitrary<BridgeEvent[]> = fc
  .array(
    fc.record({
      session: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null, freq: 4 }),
      kind: fc.constantFrom('sent', 'received'),
      label: fc.constantFrom('a', 'b', 'c'),
      gap: fc.integer({ min: 0, max: 3 }),
      target: fc.integer({ min: 0, max: 5 }),
    }),
    { maxLength: 40 },
  )
  .map((specs) => {
    let tick = 0;
    return specs.map((s): BridgeEvent => {
      tick += s.gap;
      if (s.session === null) return { kind: 'halted', schema_version: V, target: String(s.target), tick };
      return { kind: s.kind, label: s.label, receiver: 'B', schema_version: V, sender: 'A', session: s.session, tick };
    });
  });
