import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { installable } from '../../src/machine/Machine.js';
import type { InstallableProgram, Machine } from '../../src/machine/Machine.js';
import { loadInput, loadReplica } from '../../src/threaded/_internals/loadInput.js';
import { packInput, unpackInput } from '../../src/threaded/_internals/packInput.js';
import { codeImageArb } from '../../arbitraries/codeImage.js';
import { runRequestArb } from '../../arbitraries/runRequest.js';

// A pool thread replicates the calling thread's freshly loaded machine from the programs that
// machine installed (crossed as the workers get them), without decoding or projecting again.
function replicaOf(programs: readonly InstallableProgram[], trace: boolean): Machine {
  return loadReplica(unpackInput(structuredClone(packInput(programs))), {}, trace);
}

function state(m: Machine): unknown {
  return {
    slice: m.slice(),
    programs: m.programs.map((p) => ({ code: p.code, footprint: [...p.footprint] })),
    sessions: m.sessions,
    coroutines: m.coroutines.map((c) => ({ ...c })),
    readyQueue: m.readyQueue,
    trace: m.trace,
  };
}

describe('loadInput / loadReplica', () => {
  test('a replica built from the installed programs is the loaded machine (run requests, seed 14)', () => {
    fc.assert(
      fc.property(runRequestArb(), fc.boolean(), (request, trace) => {
        const loaded = loadInput(request, {}, trace);
        if (!loaded.ok) return;
        const { machine, programs } = loaded.value;
        expect(programs).toHaveLength(machine.programs.length);
        expect(state(replicaOf(programs, trace))).toStrictEqual(state(machine));
      }),
      { seed: 14, numRuns: 60 },
    );
  });

  test('a code image crosses as its own program, without the lazy source hash', () => {
    fc.assert(
      fc.property(codeImageArb(), (image) => {
        const loaded = loadInput(image, {}, true);
        if (!loaded.ok) return;
        const [program] = loaded.value.programs;
        expect(loaded.value.programs).toHaveLength(1);
        expect(program).toStrictEqual(installable(image.program));
        expect(Object.keys(program ?? {})).toEqual(['code', 'entryPoints', 'localTypes', 'footprintSummary']);
        // toEqual: a decoded image's null-prototype instructions cross as plain objects, as
        // structured clone makes them; the machine reads their own fields only.
        expect(state(replicaOf(loaded.value.programs, true))).toEqual(state(loaded.value.machine));
      }),
      { seed: 15, numRuns: 40 },
    );
  });

  test('a request the calling thread cannot load gives no programs to replicate', () => {
    const r = loadInput(
      {
        schema_version: 'lean_bridge.v1',
        choreographies: [{ schema_version: 'x' }],
        concurrency: 1,
        max_steps: 1,
      } as never,
      {},
      true,
    );
    expect(r.ok).toBe(false);
  });
});
