import { bench, describe } from 'vitest';
import { observationallyEquivalent } from '../src/trace/observationallyEquivalent.js';
import type { BridgeEvent } from '../src/types/bridge.js';

// Equivalence must be linear: 100k events well under 100 ms (bridge.md §9.3, our target).
const V = 'lean_bridge.v1';

function traceOf(events: number, sessions = 16): BridgeEvent[] {
  const t: BridgeEvent[] = [];
  for (let s = 0; s < sessions; s += 1) t.push({ kind: 'opened', role: 'A,B', schema_version: V, session: s, tick: 0 });
  for (let i = 0; t.length < events; i += 1) {
    const s = i % sessions;
    const kind = (i >> 4) % 2 === 0 ? 'sent' : 'received';
    t.push({ kind, label: `m${i % 7}`, receiver: 'B', schema_version: V, sender: 'A', session: s, tick: i + 1 });
    if (i % 1000 === 999) t.push({ kind: 'halted', schema_version: V, target: String(i), tick: i + 1 });
  }
  return t.slice(0, events);
}

for (const n of [1_000, 10_000, 100_000]) {
  const left = traceOf(n);
  // Equal content, separately allocated, ticks shifted per session: the full comparison runs.
  const right = left.map((e) => (e.session === undefined ? { ...e } : { ...e, tick: e.tick + 3 }));
  describe(`observationallyEquivalent, ${n.toLocaleString('en')} events`, () => {
    bench('Full, per-session ticks', () => {
      if (!observationallyEquivalent(left, right).equivalent) throw new Error('expected equivalent');
    });
    bench('ModuloCommutativity', () => {
      if (!observationallyEquivalent(left, right, { profile: 'ModuloCommutativity' }).equivalent)
        throw new Error('expected equivalent');
    });
  });
}
