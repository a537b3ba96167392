import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { RUN_REQUEST_REJECTIONS, runRequestArb, runRequestCaseArb } from '../../arbitraries/runRequest.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { runReference } from '../../src/reference/runReference.js';
import { projectChecked } from '../../src/projection/projectChecked.js';
import { roles } from '../../src/projection/roles.js';
import type { GlobalType } from '../../src/types/session.js';
import { TelltaleError } from '../../src/types/errors.js';
import { compareCodePoints } from '../../src/projection/rolesSorted.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(8105);

function nodes(g: GlobalType): number {
  switch (g.kind) {
    case 'comm':
      return 1 + g.branches.reduce((n, b) => n + nodes(b.continuation), 0);
    case 'rec':
      return 1 + nodes(g.body);
    case 'delegate':
      return 1 + nodes(g.continuation);
    default:
      return 1;
  }
}

describe(`runRequestArb (seed ${SEED})`, () => {
  test('is deterministic per seed', () => {
    expect(fc.sample(runRequestCaseArb({ rejected: 0.2 }), { seed: SEED, numRuns: 30 })).toEqual(
      fc.sample(runRequestCaseArb({ rejected: 0.2 }), { seed: SEED, numRuns: 30 }),
    );
  });

  test('accepted requests list only roles the checked projection accepts, and load and run in runCooperative', () => {
    let bystanders = 0;
    let multi = 0;
    fc.assert(
      fc.property(runRequestCaseArb(), ({ request, expected }) => {
        expect(expected.accepted).toBe(true);
        expect(request.schema_version).toBe('lean_bridge.v1');
        expect(request.concurrency).toBeLessThanOrEqual(4);
        if (request.choreographies.length > 1) multi += 1;
        for (const c of request.choreographies) {
          const g = c.global_type as GlobalType;
          for (const r of c.roles) expect(projectChecked(g, r).ok).toBe(true);
          if (c.roles.some((r) => !roles(g).includes(r))) bystanders += 1;
        }
        const run = runCooperative(request, { stepStates: false });
        if (!run.ok) throw new Error(`rejected: ${JSON.stringify(run.error)}`);
        expect(['completed', 'stuck']).toContain(run.value.output.status);
        expect(run.value.output.steps_executed).toBeLessThanOrEqual(request.max_steps);
        expect(run.value.output.sessions).toHaveLength(request.choreographies.length);
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(bystanders).toBeGreaterThan(5);
    expect(multi).toBeGreaterThan(50);
  });

  // Issue #11 §3 changed this: `natural` draws may load, and every verdict is computed.
  test('requests drawn to be rejected load exactly as their computed verdict says, in both runCooperative and runReference', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(runRequestCaseArb({ rejected: true }), ({ request, expected }) => {
        const accepted = [runCooperative(request), runReference(request)].map((r) => r.ok);
        expect(accepted).toStrictEqual(expected.accepted ? [true, true] : [false, false]);
        if (expected.accepted) return;
        seen.add(expected.rejection);
        const unpinned = expect.stringMatching(/^bad choreography: /);
        for (const run of [runCooperative(request), runReference(request)]) {
          expect(run).toMatchObject({
            ok: false,
            error: {
              code: expected.code,
              path: expected.path,
              message: expected.message ?? unpinned,
            },
          });
        }
      }),
      { seed: SEED, numRuns: 80 },
    );
    expect([...seen].sort()).toEqual([...RUN_REQUEST_REJECTIONS].sort());
  });

  test('mismatchRoles: several roles rejected at once; the verdict names the first in code-point order', () => {
    const rejectedRoles = (request: {
      choreographies: readonly { global_type: unknown; roles: readonly string[] }[];
    }) =>
      Math.max(
        ...request.choreographies.map(
          (c) => c.roles.filter((r) => !projectChecked(c.global_type as GlobalType, r).ok).length,
        ),
      );
    const arb = (mismatchRoles: number) =>
      runRequestCaseArb({ rejected: true, rejections: ['projection_mismatch'], mismatchRoles, names: 'rich:order' });
    const many = fc.sample(arb(3), { seed: SEED, numRuns: 150 });
    const several = many.filter(({ request }) => rejectedRoles(request) >= 2);
    expect(several.length).toBeGreaterThan(50);
    // Listed out of code-point order, and the verdict (computed, confirmed by both runners) names the first.
    expect(
      several.some(({ request }) =>
        request.choreographies.some((c) => {
          const bad = c.roles.filter((r) => !projectChecked(c.global_type as GlobalType, r).ok);
          return bad.length >= 2 && [...bad].sort(compareCodePoints).join() !== bad.join();
        }),
      ),
    ).toBe(true);
    for (const { request, expected } of several) {
      expect(expected.accepted).toBe(false);
      for (const run of [runCooperative(request), runReference(request)])
        expect(run).toMatchObject({ ok: false, error: { message: expected.accepted ? '' : expected.message } });
    }
    // The default (1): one role per template (the embedded type may add others), far fewer such requests.
    const one = fc.sample(arb(1), { seed: SEED, numRuns: 150 }).filter(({ request }) => rejectedRoles(request) >= 2);
    expect(several.length).toBeGreaterThan(1.5 * one.length);
    expect(() => runRequestCaseArb({ mismatchRoles: 0 })).toThrow(TelltaleError);
  });

  test('a ratio mixes accepted and rejected requests', () => {
    const cases = fc.sample(runRequestCaseArb({ rejected: 0.25, rejections: ['duplicate_role'] }), {
      seed: SEED,
      numRuns: 200,
    });
    const bad = cases.filter((c) => !c.expected.accepted).length;
    expect(bad).toBeGreaterThan(25);
    expect(bad).toBeLessThan(90);
  });

  test('shrinks toward few choreographies of small global types', () => {
    const out = fc.check(
      fc.property(runRequestArb(), (r) => r.choreographies.length < 2),
      { seed: SEED, numRuns: 200 },
    );
    expect(out.failed).toBe(true);
    const shrunk = out.counterexample?.[0];
    if (shrunk === undefined) throw new Error('no counterexample');
    expect(shrunk.choreographies).toHaveLength(2);
    for (const c of shrunk.choreographies) expect(nodes(c.global_type as GlobalType)).toBeLessThanOrEqual(2);
    expect(shrunk.concurrency).toBe(0);
  });

  test('bad options throw InvalidOption', () => {
    expect(() => runRequestArb({ rejected: 1.5 })).toThrow(TelltaleError);
    expect(() => runRequestArb({ rejected: 1.5 })).toThrow(expect.objectContaining({ code: 'InvalidOption' }));
    expect(() => runRequestArb({ roles: ['A'] })).toThrow(/roles.length/);
    expect(() => runRequestArb({ minChoreographies: 4, maxChoreographies: 2 })).toThrow(/maxChoreographies/);
  });
});
