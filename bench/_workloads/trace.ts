/**
 * `observationallyEquivalent` on traces of 1,000, 10,000 and 100,000 events (16 sessions, equal
 * content, separately allocated, ticks shifted per session so the full comparison runs), under
 * `Full` and `ModuloCommutativity`. argv: `<checkout dir>`. Answers `{ results: [{ events, profile, ms }] }`
 * with the median of 7 runs each.
 */
import { answer, loadApi } from './api.js';

const [dir = '.'] = process.argv.slice(2);
const api = await loadApi(dir);
const V = 'lean_bridge.v1';

interface Event {
  readonly kind: string;
  readonly tick: number;
  readonly schema_version: string;
  readonly session?: number;
  readonly [key: string]: unknown;
}

function traceOf(events: number, sessions = 16): Event[] {
  const t: Event[] = [];
  for (let s = 0; s < sessions; s += 1) t.push({ kind: 'opened', role: 'A,B', schema_version: V, session: s, tick: 0 });
  for (let i = 0; t.length < events; i += 1) {
    const s = i % sessions;
    const kind = (i >> 4) % 2 === 0 ? 'sent' : 'received';
    t.push({ kind, label: `m${i % 7}`, receiver: 'B', schema_version: V, sender: 'A', session: s, tick: i + 1 });
    if (i % 1000 === 999) t.push({ kind: 'halted', schema_version: V, target: String(i), tick: i + 1 });
  }
  return t.slice(0, events);
}

const results = [];
for (const n of [1_000, 10_000, 100_000]) {
  const left = traceOf(n);
  const right = left.map((e) => (e.session === undefined ? { ...e } : { ...e, tick: e.tick + 3 }));
  for (const profile of ['Full', 'ModuloCommutativity']) {
    const times: number[] = [];
    for (let k = 0; k < 8; k += 1) {
      const t0 = performance.now();
      if (!api.observationallyEquivalent(left, right, { profile }).equivalent) throw new Error('expected equivalent');
      times.push(performance.now() - t0);
    }
    times.shift();
    times.sort((a, b) => a - b);
    results.push({ events: n, profile, ms: times[Math.floor(times.length / 2)] ?? 0 });
  }
}
answer({ results });
