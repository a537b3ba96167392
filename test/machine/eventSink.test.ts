/**
 * The compact event log (src/machine/_internals/eventSink.ts) against the eager one it replaced: an
 * array of `MachineEvent` objects built when recorded (the model below is that sink). Random
 * sequences of recordings, cuts, appends, restores, rollbacks, snapshots and reads, long enough to
 * cross chunk boundaries (8,192 events), must read back the same events, key order included.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CompactEventSink } from '../../src/machine/_internals/eventSink.js';
import { faultTag } from '../../src/machine/faults.js';
import { UNIT } from '../../src/machine/values.js';
import type { Edge, Fault, MachineEvent } from '../../src/types/machine.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(20261207);

const isLifecycle = (e: MachineEvent): boolean =>
  e.kind === 'halted' || e.kind === 'faulted' || e.kind === 'failure_branch_entered';

/** The eager sink: every event an object, pushed when recorded. */
class ModelSink {
  list: MachineEvent[] = [];
  get length(): number {
    return this.list.length;
  }
  get obsLength(): number {
    return this.list.filter((e) => !isLifecycle(e)).length;
  }
  push(...events: MachineEvent[]): void {
    this.list.push(...events);
  }
  rollbackObs(n: number): void {
    if (this.obsLength <= n) return;
    let seen = 0;
    this.list = this.list.filter((e) => isLifecycle(e) || seen++ < n);
  }
}

const edge: Edge = { sid: 0, sender: 'A', receiver: 'B' };
const fault: Fault = { kind: 'unknown_label', label: 'x' };

type Op =
  | { readonly op: 'record'; readonly kind: number; readonly count: number }
  | { readonly op: 'truncate' | 'take' | 'rollbackObs'; readonly at: number }
  | { readonly op: 'append' | 'restore'; readonly count: number }
  | { readonly op: 'tier2' | 'snapshot' | 'read' | 'readAt'; readonly at: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({ op: fc.constant('record' as const), kind: fc.nat({ max: 8 }), count: fc.nat({ max: 40 }) }),
    weight: 6,
  },
  // Now and then a long stretch, so the log crosses chunk boundaries.
  {
    arbitrary: fc.record({
      op: fc.constant('record' as const),
      kind: fc.nat({ max: 8 }),
      count: fc.integer({ min: 3000, max: 9000 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constantFrom('truncate' as const, 'take' as const, 'rollbackObs' as const),
      at: fc.nat(),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ op: fc.constantFrom('append' as const, 'restore' as const), count: fc.nat({ max: 30 }) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constantFrom('tier2' as const, 'snapshot' as const, 'read' as const, 'readAt' as const),
      at: fc.nat(),
    }),
    weight: 3,
  },
);

let tick = 0;

/** Records one event of kind `k` on both sinks (the compact call and the objects the eager sink made). */
function record(k: number, sink: CompactEventSink, model: ModelSink): void {
  const t = tick++;
  const seq = t % 7;
  switch (k) {
    case 0:
      sink.opened(t, 3, ['A', 'B']);
      model.push({ tick: t, kind: 'opened', sid: 3, roles: ['A', 'B'] });
      break;
    case 1:
      sink.sent(t, edge, UNIT, seq);
      model.push({ tick: t, kind: 'sent', edge, value: UNIT, seq });
      break;
    case 2:
      sink.received(t, edge, UNIT, seq);
      model.push({ tick: t, kind: 'received', edge, value: UNIT, seq });
      break;
    case 3:
      sink.offered(t, edge, 'l');
      model.push({ tick: t, kind: 'offered', edge, label: 'l' });
      break;
    case 4:
      sink.chose(t, edge, 'r');
      model.push({ tick: t, kind: 'chose', edge, label: 'r' });
      break;
    case 5:
      sink.invoked(t, { sid: 0, role: 'A' }, 'act');
      model.push({ tick: t, kind: 'invoked', endpoint: { sid: 0, role: 'A' }, action: 'act' });
      break;
    case 6:
      sink.closed(t, 1, 2);
      model.push({ tick: t, kind: 'epoch_advanced', sid: 1, epoch: 2 }, { tick: t, kind: 'closed', sid: 1 });
      break;
    case 7:
      sink.halted(t, 4);
      model.push({ tick: t, kind: 'halted', coroId: 4 });
      break;
    default:
      sink.faulted(t, 1, 4, fault);
      model.push(
        { tick: t, kind: 'failure_branch_entered', sid: 1, coroId: 4, fault: faultTag(fault) },
        { tick: t, kind: 'faulted', coroId: 4, fault },
      );
  }
}

/** Some events from elsewhere (a replica's), lifecycle ones among them. */
function foreign(count: number): MachineEvent[] {
  const out: MachineEvent[] = [];
  for (let i = 0; i < count; i++) {
    const t = tick++;
    out.push(
      i % 3 === 2 ? { tick: t, kind: 'halted', coroId: i } : { tick: t, kind: 'sent', edge, value: UNIT, seq: i },
    );
  }
  return out;
}

function sameEvents(actual: readonly MachineEvent[], expected: readonly MachineEvent[]): void {
  expect(actual.length).toBe(expected.length);
  // Key order matters (the bridge JSON is built from these objects): compare the JSON texts.
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

/** Event `at` (modulo the length) reads alike; an empty log has none on either side. */
function sameEventAt(sink: CompactEventSink, model: ModelSink, at: number): void {
  const i = model.length === 0 ? 0 : at % model.length;
  const read = model.length === 0 ? undefined : sink.at(i);
  expect(JSON.stringify(read)).toBe(JSON.stringify(model.list[i]));
}

describe(`compact event log reads as the eager one (fast-check seed ${SEED})`, () => {
  test('random recordings, cuts, appends, restores, rollbacks, snapshots and reads', () => {
    let crossedChunk = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 30 }), (ops) => {
        const sink = new CompactEventSink();
        const model = new ModelSink();
        const snapshots: [ReturnType<CompactEventSink['snapshot']>, MachineEvent[]][] = [];
        for (const o of ops) {
          switch (o.op) {
            case 'record':
              for (let i = 0; i < o.count; i++) record(o.kind, sink, model);
              break;
            case 'truncate': {
              const n = o.at % (model.length + 2);
              sink.truncate(n);
              model.list.splice(n);
              break;
            }
            case 'take': {
              const n = o.at % (model.length + 2);
              sameEvents(sink.take(n), model.list.splice(n));
              break;
            }
            case 'rollbackObs': {
              const n = o.at % (model.obsLength + 2);
              sink.rollbackObs(n);
              model.rollbackObs(n);
              break;
            }
            case 'append': {
              const evs = foreign(o.count);
              sink.append(evs);
              model.push(...evs);
              break;
            }
            case 'restore': {
              if (o.count % 3 === 0) {
                // Restoring from the sink's own read view (the view is the storage being reset).
                sink.restore(sink.events);
                break;
              }
              // A part of the current events plus some foreign ones (the output gate's use).
              const kept = [...model.list.slice(0, Math.floor(model.length / 2)), ...foreign(o.count)];
              sink.restore(kept);
              model.list = kept;
              break;
            }
            case 'tier2': {
              const e = { tick: tick++, kind: 'joined', sid: o.at % 5 } as MachineEvent;
              sink.tier2(e as Parameters<CompactEventSink['tier2']>[0]);
              model.push(e);
              break;
            }
            case 'snapshot':
              snapshots.push([sink.snapshot(), [...model.list]]);
              break;
            case 'read':
              sameEvents(sink.events, model.list);
              break;
            case 'readAt':
              sameEventAt(sink, model, o.at);
              break;
          }
          expect(sink.length).toBe(model.length);
          expect(sink.obsLength).toBe(model.obsLength);
        }
        if (model.length > 8192) crossedChunk += 1;
        // Snapshots keep the events of their moment, whatever happened to the log since.
        for (const [snap, expected] of snapshots) {
          expect(snap.length).toBe(expected.length);
          sameEvents(snap.toArray(), expected);
        }
        sameEvents(sink.events, model.list);
        // Reading again gives the very same objects (materialized once).
        expect(model.length === 0 ? undefined : sink.at(0)).toBe(sink.events[0]);
      }),
      { seed: SEED, numRuns: 120 },
    );
    expect(crossedChunk).toBeGreaterThan(5);
  });
});
