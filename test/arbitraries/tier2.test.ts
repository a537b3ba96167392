import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  effectExchangeArb,
  protocolBundleArb,
  replayBundleArb,
  rustEventArb,
  semanticObjectsArb,
  simRunInputArb,
  simRunOutputArb,
} from '../../arbitraries/index.js';
import {
  decodeArtifact,
  encodeArtifact,
  type ArtifactTypes,
  type CodecFamily,
} from '../../src/bridge/codecs/artifact.js';
import { RUST_OBS_EVENT_VARIANTS } from '../../src/types/rustTrace.js';

/** The value fast-check shrinks to when every value fails. */
function minimal<T>(arb: fc.Arbitrary<T>): T {
  const r = fc.check(
    fc.property(arb, () => false),
    { seed: 1, numRuns: 1 },
  );
  return r.counterexample?.[0] as T;
}

describe('Tier 2 arbitraries', () => {
  test('every generated value is a valid artifact of its family', () => {
    const check = <F extends CodecFamily>(family: F, arb: fc.Arbitrary<ArtifactTypes[F]>): void => {
      for (const value of fc.sample(arb, { numRuns: 40, seed: 9 })) {
        const d = decodeArtifact(family, encodeArtifact(family, value));
        expect({ family, problems: d.problems }).toEqual({ family, problems: [] });
      }
    };
    check('semantic_objects', semanticObjectsArb());
    check('effect_exchanges', fc.array(effectExchangeArb(), { maxLength: 2 }));
    check('replay_bundle', replayBundleArb());
    check('protocol_bundle', protocolBundleArb());
    check('rust_trace', fc.array(rustEventArb(), { maxLength: 3 }));
    check('sim_run_input', simRunInputArb());
    check('sim_run_output', simRunOutputArb());
  });

  test('they shrink toward empty lists and null options', () => {
    const so = minimal(semanticObjectsArb());
    expect(Object.entries(so).filter(([k, v]) => k !== 'schema_version' && (v as unknown[]).length > 0)).toEqual([]);
    expect(minimal(replayBundleArb())).toEqual({
      schema_version: 'lean_bridge.v1',
      semantic_audit: [],
      effect_trace: [],
      output_condition_trace: [],
    });
    const bundle = minimal(protocolBundleArb());
    expect(bundle.global_type).toEqual({ kind: 'end' });
    expect(bundle.claims.liveness).toBeNull();
    expect(Object.values(bundle.claims.classical).every((v) => v === null)).toBe(true);
    expect(minimal(rustEventArb())).toEqual({ Halted: { tick: 0, coro_id: 0 } });
    expect(minimal(effectExchangeArb()).outcome).toEqual({ status: { status: 'success' }, response: null });
    expect(minimal(simRunOutputArb())).toMatchObject({ trace: [], violations: [] });
  });

  test('every Rust event variant and every semantic enum value is reachable', () => {
    const variants = new Set(fc.sample(rustEventArb(), { numRuns: 2000, seed: 4 }).map((e) => Object.keys(e)[0]));
    expect([...variants].sort()).toEqual([...RUST_OBS_EVENT_VARIANTS].sort());
    const phases = new Set(
      fc
        .sample(semanticObjectsArb({ maxItems: 3 }), { numRuns: 300, seed: 4 })
        .flatMap((so) => so.operation_instances.map((o) => o.phase)),
    );
    expect(phases.size).toBe(7);
    const big = fc
      .sample(semanticObjectsArb(), { numRuns: 300, seed: 4 })
      .some((so) => so.outstanding_effects.some((e) => typeof e.effect_id === 'bigint'));
    expect(big).toBe(true);
  });

  test('bad limits throw at construction', () => {
    expect(() => semanticObjectsArb({ maxItems: -1 })).toThrow(/maxItems must be an integer in \[0, 64\]/);
    expect(() => replayBundleArb({ maxItems: 1.5 })).toThrow(/InvalidOptions|maxItems/);
  });
});
