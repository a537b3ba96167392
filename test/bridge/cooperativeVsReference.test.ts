/**
 * The first real differential test (bridge.md §15: "two independent implementations following it
 * must emit identical trace, sessions, steps_executed, status and step_states"): our cooperative
 * engine against the reference runner on generated run requests, default (schedule-free) order.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { projectChecked } from '../../src/projection/projectChecked.js';
import { roles as rolesOf } from '../../src/projection/roles.js';
import { runReference } from '../../src/reference/runReference.js';
import type { RunRequest, RunResult } from '../../src/types/bridge.js';
import type { BridgeError } from '../../src/types/errors.js';
import type { GlobalType } from '../../src/types/session.js';
import type { Result } from '../../src/types/result.js';
import { globalTypeArb, runRequestCaseArb } from '../../arbitraries/index.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(20261125);
const ROLES = ['A', 'B', 'C', 'D'] as const;

/** Small local generator of global types with recursion, choices, repeated labels and bystanders. */
function globalArb(depth: number, vars: readonly string[]): fc.Arbitrary<GlobalType> {
  const leaves: fc.Arbitrary<GlobalType>[] = [fc.constant<GlobalType>({ kind: 'end' })];
  if (vars.length > 0) leaves.push(fc.constantFrom(...vars).map((name): GlobalType => ({ kind: 'var', name })));
  const leaf = fc.oneof(...leaves);
  if (depth <= 0) return leaf;
  const v = `t${depth}`;
  const sub = globalArb(depth - 1, vars);
  const label = fc.record({
    name: fc.constantFrom('a', 'b', 'c'),
    sort: fc.constantFrom<'unit' | 'nat'>('unit', 'unit', 'unit', 'nat'),
  });
  const comm = fc
    .tuple(
      fc.constantFrom(...ROLES),
      fc.constantFrom(...ROLES),
      fc.array(fc.record({ label, continuation: sub }), { minLength: 1, maxLength: 3 }),
    )
    .filter(([s, r]) => s !== r)
    .map(([sender, receiver, branches]): GlobalType => ({ kind: 'comm', sender, receiver, branches }));
  return fc.oneof(
    { weight: 1, arbitrary: leaf },
    {
      weight: 1,
      arbitrary: globalArb(depth - 1, [...vars, v]).map((body): GlobalType => ({ kind: 'rec', var: v, body })),
    },
    { weight: 4, arbitrary: comm },
  );
}

const choreographyArb = (acceptedOnly: boolean) =>
  fc.tuple(globalArb(4, []), fc.boolean(), fc.integer({ min: 0, max: 1000 })).map(([g, bystander, rot]) => {
    let listed = rolesOf(g);
    if (bystander) listed = [...listed, 'Z'];
    if (acceptedOnly) listed = listed.filter((r) => projectChecked(g, r).ok);
    // Request order is irrelevant to the runner (it sorts); rotate to exercise that.
    const k = listed.length === 0 ? 0 : rot % listed.length;
    return { schema_version: 'lean_bridge.v1', global_type: g, roles: [...listed.slice(k), ...listed.slice(0, k)] };
  });

const requestArb = (acceptedOnly: boolean) =>
  fc.record({
    schema_version: fc.constant('lean_bridge.v1'),
    choreographies: fc.array(choreographyArb(acceptedOnly), { minLength: 1, maxLength: 3 }),
    concurrency: fc.integer({ min: 0, max: 3 }),
    max_steps: fc.integer({ min: 0, max: 120 }),
  }) as fc.Arbitrary<RunRequest>;

/** Bridge form without the Tier 2 keys, which the engines may emit as empty defaults (§4.1). */
function bridgeForm(r: Result<RunResult, BridgeError>): unknown {
  if (!r.ok) {
    // Decoder texts inside `bad choreography: <e>` are not pinned (bridge.md Q4): compare the prefix.
    const message = r.error.code === 'ParseError' ? r.error.message.split(':')[0] : r.error.message;
    return { error: { code: r.error.code, path: r.error.path, message } };
  }
  const { effect_trace, effect_exchanges, output_condition_trace, semantic_objects, ...rest } = r.value.output;
  for (const extra of [effect_trace, effect_exchanges, output_condition_trace]) expect(extra ?? []).toEqual([]);
  expect(semantic_objects === undefined || semantic_objects === null || typeof semantic_objects === 'object').toBe(
    true,
  );
  return rest;
}

describe(`cooperative vs reference (seed ${SEED})`, () => {
  test('identical bridge-form outputs, step_states and selected_type included, on accepted requests', () => {
    let completed = 0;
    fc.assert(
      fc.property(requestArb(true), (request) => {
        const coop = runCooperative(request);
        const ref = runReference(request);
        expect(ref.ok).toBe(true);
        expect(bridgeForm(coop)).toEqual(bridgeForm(ref));
        if (ref.ok && ref.value.output.status === 'completed') completed += 1;
      }),
      { seed: SEED, numRuns: 300 },
    );
    // The generator must reach both endings, or the property says little.
    expect(completed).toBeGreaterThan(30);
    expect(completed).toBeLessThan(300);
  });

  test('identical results when every role is listed, rejections (code, path, message) included', () => {
    let rejected = 0;
    fc.assert(
      fc.property(requestArb(false), (request) => {
        const coop = runCooperative(request);
        const ref = runReference(request);
        if (!ref.ok) rejected += 1;
        expect(bridgeForm(coop)).toEqual(bridgeForm(ref));
      }),
      { seed: SEED + 1, numRuns: 200 },
    );
    expect(rejected).toBeGreaterThan(10);
  });

  test('identical outputs on requests built from globalTypeArb({ projectableOnly: true })', () => {
    const choreo = fc
      .tuple(globalTypeArb({ roles: 4, maxDepth: 4, projectableOnly: true }), fc.boolean())
      .map(([g, rotate]) => {
        const roles = rolesOf(g);
        return { schema_version: 'lean_bridge.v1', global_type: g, roles: rotate ? [...roles].reverse() : roles };
      });
    const req = fc.record({
      schema_version: fc.constant('lean_bridge.v1'),
      choreographies: fc.array(choreo, { minLength: 1, maxLength: 3 }),
      concurrency: fc.nat({ max: 4 }),
      max_steps: fc.nat({ max: 150 }),
    }) as fc.Arbitrary<RunRequest>;
    fc.assert(
      fc.property(req, (request) => {
        const ref = runReference(request);
        // projectableOnly promises acceptance for every role of the type.
        expect(ref.ok).toBe(true);
        expect(bridgeForm(runCooperative(request))).toEqual(bridgeForm(ref));
      }),
      { seed: SEED + 2, numRuns: 200 },
    );
  });

  const anyText = expect.any(String);
  test('runRequestCaseArb: both engines give the verdict the generator promises, rejections included', () => {
    fc.assert(
      fc.property(runRequestCaseArb({ rejected: 0.4 }), ({ request, expected }) => {
        const ref = runReference(request);
        expect(bridgeForm(runCooperative(request))).toEqual(bridgeForm(ref));
        expect(ref).toMatchObject(
          expected.accepted
            ? { ok: true }
            : {
                ok: false,
                error: { code: expected.code, path: expected.path, message: expected.message ?? anyText },
              },
        );
      }),
      { seed: SEED + 3, numRuns: 150 },
    );
  });
});
