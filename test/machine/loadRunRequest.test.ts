/**
 * The run-request loader's shared loading (shareLoading): inside a scope, loads of the same request
 * object reuse the validated images, each on a fresh machine; the outputs are those of unshared
 * loads; outside a scope (and after release) every load builds its own images.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { runRequestArb } from '../../arbitraries/runRequest.js';
import { machineFromRunRequest, shareLoading } from '../../src/machine/loadRunRequest.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { runThreaded } from '../../src/threaded/runThreaded.js';
import type { RunRequest } from '../../src/types/bridge.js';
import { pingPongOnce } from '../_helpers/protocols.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(20261208);

/** Plain JSON of a result (outputs read their lazy fields). */
const plain = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)));

function twoChoreographies(): RunRequest {
  const c = { schema_version: 'lean_bridge.v1', global_type: pingPongOnce, roles: ['A', 'B'] } as const;
  return {
    schema_version: 'lean_bridge.v1',
    choreographies: [c, { ...c, roles: ['B', 'A'] }],
    concurrency: 1,
    max_steps: 40,
  };
}

/** Requests the loader rejects at their second choreography: parse errors and a projection mismatch. */
function rejectedRequests(): RunRequest[] {
  const good = twoChoreographies();
  const [first] = good.choreographies;
  const mismatch = {
    kind: 'comm',
    sender: 'A',
    receiver: 'B',
    branches: [
      {
        label: { name: 'x', sort: 'unit' },
        continuation: {
          kind: 'comm',
          sender: 'B',
          receiver: 'C',
          branches: [{ label: { name: 'y', sort: 'unit' }, continuation: { kind: 'end' } }],
        },
      },
      { label: { name: 'z', sort: 'unit' }, continuation: { kind: 'end' } },
    ],
  };
  const second = (c: object) => ({ ...good, choreographies: [first, { schema_version: 'lean_bridge.v1', ...c }] });
  return [
    second({ global_type: { kind: 'bogus' }, roles: ['A', 'B'] }),
    second({ global_type: pingPongOnce, roles: [1, 2] }),
    second({ global_type: mismatch, roles: ['A', 'B', 'C'] }),
  ] as RunRequest[];
}

describe(`shareLoading (fast-check seed ${SEED})`, () => {
  test('both engines answer inside a scope exactly what they answer without one (accepted and rejected requests)', async () => {
    const cases = [
      ...fc.sample(
        runRequestArb({ maxSteps: 40 }).map((r) => ({ ...r, concurrency: 1 })),
        { seed: SEED, numRuns: 60 },
      ),
      ...rejectedRequests(),
    ];
    let rejected = 0;
    for (const request of cases) {
      const coop = runCooperative(request);
      const threaded = await runThreaded(request, { lanes: 1, workers: 1 });
      if (!coop.ok) rejected += 1;
      const req = { ...request };
      const release = shareLoading(req);
      try {
        // Twice each: the first load of the scope fills it, the later ones reuse it.
        for (let k = 0; k < 2; k++) {
          expect(plain(runCooperative(req))).toEqual(plain(coop));
          expect(plain(await runThreaded(req, { lanes: 1, workers: 1 }))).toEqual(plain(threaded));
        }
      } finally {
        release();
      }
    }
    expect(rejected).toBe(rejectedRequests().length);
  });

  test('inside a scope the images are built once per choreography, each machine its own; after release, afresh', () => {
    const req = twoChoreographies();
    const load = () => {
      const r = machineFromRunRequest(req);
      if (!r.ok) throw new Error(r.error.message);
      return r.value.machine;
    };
    const outside = [load(), load()];
    expect(outside[0]?.programs[0]?.code).not.toBe(outside[1]?.programs[0]?.code);
    const release = shareLoading(req);
    const [a, b] = [load(), load()];
    release();
    expect(a).not.toBe(b);
    expect(a.programs[0]?.code).toBe(b.programs[0]?.code);
    expect(a.programs[1]?.code).toBe(b.programs[1]?.code);
    // Each choreography keeps its own image (by index), and each machine its own sessions.
    expect(a.programs[0]?.code).not.toBe(a.programs[1]?.code);
    expect(a.sessions).not.toBe(b.sessions);
    expect(a.coroutines[0]).not.toBe(b.coroutines[0]);
    expect(load().programs[0]?.code).not.toBe(a.programs[0]?.code);
  });

  test('a scope holds only the very object: a copy, or the same content elsewhere, loads afresh', () => {
    const req = twoChoreographies();
    const release = shareLoading(req);
    try {
      const first = machineFromRunRequest(req);
      const copy = machineFromRunRequest({ ...req });
      expect(first.ok && copy.ok).toBe(true);
      if (!first.ok || !copy.ok) return;
      expect(copy.value.machine.programs[0]?.code).not.toBe(first.value.machine.programs[0]?.code);
    } finally {
      release();
    }
  });
});
