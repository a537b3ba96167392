import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { semanticObjectsArb } from '../../arbitraries/semanticObjects.js';
import { encodeSemanticObjects } from '../../src/bridge/codecs/semanticObjects.js';
import { observationallyEquivalent } from '../../src/trace/observationallyEquivalent.js';
import { SEMANTIC_SURFACES } from '../../src/trace/compareSemanticSurfaces.js';
import { tier2Defaults } from '../../src/types/bridge.js';
import { clientServerTrace, output, result, sent } from './_fixtures.js';

type Bundle = Record<string, unknown[]> & { schema_version: string };
const full = JSON.parse(
  readFileSync(new URL('../fixtures/tier2/semantic_objects_full.json', import.meta.url), 'utf8'),
) as Bundle;
const clone = (): Bundle => structuredClone(full);
const run = (semantic_objects: unknown, trace = clientServerTrace) => output(trace, { semantic_objects });

function edit(f: (b: Bundle) => void): Bundle {
  const b = clone();
  f(b);
  return b;
}
const handoff = (b: Bundle): Record<string, unknown> => b['semantic_handoffs']?.[0] as Record<string, unknown>;
const effect = (b: Bundle): Record<string, unknown> => b['outstanding_effects']?.[0] as Record<string, unknown>;

describe('semantic surfaces beside the trace verdict', () => {
  test('without semantic objects the result is exactly what it was (no semantic key)', () => {
    const a = output(clientServerTrace);
    const engine = result(output(clientServerTrace, tier2Defaults()), 'cooperative');
    for (const [l, r] of [
      [a, a],
      [engine, a],
      [clientServerTrace, engine],
    ] as const) {
      const res = observationallyEquivalent(l, r);
      expect(res).toEqual({ equivalent: true, divergence: null, waived: [], warnings: [] });
      expect(Object.keys(res)).toEqual(['equivalent', 'divergence', 'waived', 'warnings']);
    }
    const changed = clientServerTrace.map((e, i) => (i === 1 ? { ...e, label: 'x' } : e));
    expect('semantic' in observationallyEquivalent(a, output(changed))).toBe(false);
  });

  test('equal semantic objects: trace verdict plus both surfaces agreeing', () => {
    const r = observationallyEquivalent(run(clone()), run(clone()));
    expect(r.equivalent).toBe(true);
    expect(r.semantic).toEqual({ equivalent: true, surfaces: ['handoffs', 'invalidation'], divergences: [] });
  });

  test('a stale owner cannot hide inside an equivalent trace', () => {
    const stale = edit((b) => {
      handoff(b)['activated_owner_id'] = 'coro:0';
    });
    const r = observationallyEquivalent(run(clone()), run(stale), { leftLane: 'rust', rightLane: 'lean' });
    expect(r.equivalent).toBe(true);
    expect(r.divergence).toBeNull();
    expect(r.semantic?.equivalent).toBe(false);
    expect(r.semantic?.divergences).toHaveLength(1);
    expect(r.semantic?.divergences[0]).toMatchObject({
      kind: 'handoffs',
      object: 'semantic handoff',
      path: '$.semantic_objects.semantic_handoffs[0]',
      fields: ['activated_owner_id'],
      leftIndex: 0,
      rightIndex: 0,
      session: 1,
      leftLane: 'rust',
      rightLane: 'lean',
    });
    expect(r.semantic?.divergences[0]?.explanation).toBe(
      'semantic handoffs differ: first differing semantic handoff at $.semantic_objects.semantic_handoffs[0] (handoff_id 7, session 1): activated_owner_id rust "coro:1", lean "coro:0"',
    );
  });

  test('scope and status are part of the handoff; a missing handoff is reported with null', () => {
    const scoped = edit((b) => {
      handoff(b)['scope'] = 'Session';
      handoff(b)['status'] = 'RolledBack';
    });
    expect(observationallyEquivalent(run(clone()), run(scoped)).semantic?.divergences[0]?.fields).toEqual([
      'scope',
      'status',
    ]);
    const none = edit((b) => {
      b['semantic_handoffs'] = [];
    });
    const d = observationallyEquivalent(run(none), run(clone())).semantic?.divergences[0];
    expect(d).toMatchObject({ kind: 'handoffs', left: null, leftIndex: null, rightIndex: 0, fields: [] });
    expect(d?.explanation).toContain('left has none');
  });

  test('invalidation: invalidated effects, late completions, obligations, rejected publications', () => {
    const invalidated = edit((b) => {
      effect(b)['status'] = 'invalidated';
    });
    expect(observationallyEquivalent(run(clone()), run(invalidated)).semantic?.divergences[0]).toMatchObject({
      kind: 'invalidation',
      object: 'invalidated effect',
      path: '$.semantic_objects.outstanding_effects[0]',
      left: null,
    });
    const late = edit((b) => {
      effect(b)['status'] = 'cancelled';
    });
    expect(observationallyEquivalent(run(clone()), run(late)).semantic?.divergences[0]).toMatchObject({
      object: 'late completion',
    });
    const overBudget = edit((b) => {
      effect(b)['completed_at_tick'] = 5; // ordering_key 1 + budget 1 < 5
    });
    expect(observationallyEquivalent(run(clone()), run(overBudget)).semantic?.divergences[0]).toMatchObject({
      object: 'late completion',
      fields: [],
    });
    const obligation = edit((b) => {
      (b['transformation_obligations']?.[0] as Record<string, unknown>)['invalidated_effect_ids'] = [1];
    });
    expect(observationallyEquivalent(run(clone()), run(obligation)).semantic?.divergences[0]).toMatchObject({
      object: 'transformation obligation',
      path: '$.semantic_objects.transformation_obligations[0]',
      fields: ['invalidated_effect_ids'],
    });
    const revoked = edit((b) => {
      (b['publication_events']?.[0] as Record<string, unknown>)['status'] = 'rejected';
    });
    expect(observationallyEquivalent(run(clone()), run(revoked)).semantic?.divergences[0]).toMatchObject({
      object: 'rejected publication',
      path: '$.semantic_objects.publication_events[0]',
    });
  });

  test('the two surfaces are reported separately, and never fold into a trace divergence', () => {
    const both = edit((b) => {
      handoff(b)['revoked_owner_id'] = 'nobody';
      effect(b)['status'] = 'invalidated';
    });
    const otherTrace = clientServerTrace.map((e, i) => (i === 3 ? sent(0, 'Server', 'Client', 'nack', 6) : e));
    const r = observationallyEquivalent(run(clone()), run(both, otherTrace));
    expect(r.equivalent).toBe(false);
    expect(r.divergence?.kind).toBe('different');
    expect(r.semantic?.divergences.map((d) => d.kind)).toEqual(['handoffs', 'invalidation']);
  });

  test('only the surfaces compare: other semantic objects may differ', () => {
    const other = edit((b) => {
      b['operation_instances'] = [];
      b['regions'] = [];
    });
    expect(observationallyEquivalent(run(clone()), run(other)).semantic?.equivalent).toBe(true);
  });

  test('semanticSurfaces chooses what is compared; [] compares nothing', () => {
    const stale = edit((b) => {
      handoff(b)['activated_owner_id'] = 'coro:0';
    });
    expect(
      observationallyEquivalent(run(clone()), run(stale), { semanticSurfaces: ['invalidation'] }).semantic,
    ).toEqual({
      equivalent: true,
      surfaces: ['invalidation'],
      divergences: [],
    });
    expect('semantic' in observationallyEquivalent(run(clone()), run(stale), { semanticSurfaces: [] })).toBe(false);
    expect(() =>
      observationallyEquivalent(run(clone()), run(stale), { semanticSurfaces: ['owners' as never] }),
    ).toThrow(/unknown semantic surface "owners"/);
  });

  test('an absent bundle reads as the empty one: the other side’s handoffs are a difference', () => {
    const r = observationallyEquivalent(output(clientServerTrace), run(clone()));
    expect(r.semantic?.divergences.map((d) => `${d.kind}: ${d.object}`)).toEqual([
      'handoffs: semantic handoff',
      'invalidation: transformation obligation',
    ]);
  });

  test('deviations waive semantic differences by scope key', () => {
    const dev = {
      id: 'X-01',
      owner: 'bridge',
      status: 'active' as const,
      reason: 'r',
      impact: 'i',
      alternatives: [],
      revisit: '2999-01-01',
      covers: ['bridge.semantic.handoffs'],
      follows: 'ours' as const,
    };
    const stale = edit((b) => {
      handoff(b)['activated_owner_id'] = 'coro:0';
    });
    const r = observationallyEquivalent(run(clone()), run(stale), { deviations: [dev] });
    expect(r.semantic?.equivalent).toBe(true);
    expect(r.waived).toHaveLength(1);
    expect(r.waived[0]).toMatchObject({ deviation: 'X-01', scope: 'bridge.semantic.handoffs', expired: false });
  });

  test('a malformed bundle cannot be compared and says where', () => {
    const bad = edit((b) => {
      handoff(b)['status'] = 'Maybe';
    });
    expect(() => observationallyEquivalent(run(clone()), run(bad), { rightLane: 'lean' })).toThrow(
      /lean's semantic_objects are not a valid protocol_machine\.semantic_objects\.v1 bundle: UnknownVariant at \$\.semantic_objects\.semantic_handoffs\[0\]\.status/,
    );
  });

  test('property: a bundle agrees with itself and with its canonical re-encoding', () => {
    fc.assert(
      fc.property(semanticObjectsArb({ maxItems: 2 }), (so) => {
        const r = observationallyEquivalent(run(so), run(encodeSemanticObjects(so)));
        expect(r.semantic === undefined || r.semantic.equivalent).toBe(true);
      }),
      { numRuns: 100, seed: 7 },
    );
    expect(SEMANTIC_SURFACES).toEqual(['handoffs', 'invalidation']);
  });
});
