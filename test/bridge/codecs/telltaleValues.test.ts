/**
 * telltale's own JSON values and assertions (issue #17 §5), from test/fixtures/tier2/:
 * rust/bridge/tests/schema_version_tests.rs, semantic_object_roundtrip.rs (the bridge's JSON-helper
 * payload), proptest_bundle.rs, protocol_bundle_admission_contracts.rs, generated_effect_schema.rs,
 * the invariants.rs export test, and the semantic-object example of bridge.md §12.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeEffectExchanges } from '../../../src/bridge/codecs/effectExchange.js';
import {
  decodeInvariantClaims,
  decodeProtocolBundle,
  encodeProtocolBundle,
} from '../../../src/bridge/codecs/protocolBundle.js';
import { decodeSemanticObjects, encodeSemanticObjects } from '../../../src/bridge/codecs/semanticObjects.js';
import { encodeArtifact, parseArtifactJson, stringifyArtifact } from '../../../src/bridge/codecs/artifact.js';
import { checkRunRequestText } from '../../../src/bridge/checkRunRequest.js';
import { parseRunOutput } from '../../../src/bridge/parseRunOutput.js';
import { validate } from '../../../src/trace/validate.js';
import type { InvariantClaims, ProtocolBundle } from '../../../src/types/protocolBundle.js';

const dir = new URL('../../fixtures/tier2/', import.meta.url);
const text = (name: string): string => readFileSync(new URL(name, dir), 'utf8');
function json(name: string): unknown {
  const r = parseArtifactJson(text(name));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
function must<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; path: string; message: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code} at ${r.error.path}: ${r.error.message}`);
  return r.value;
}

describe('schema_version_tests.rs', () => {
  test('run input round trip keeps both schema versions', () => {
    const req = must(checkRunRequestText(text('run_input_schema_version.json')));
    expect(req.schema_version).toBe('lean_bridge.v1');
    expect(req.choreographies[0]?.schema_version).toBe('lean_bridge.v1');
    expect(validate(text('run_input_schema_version.json'))).toMatchObject({ family: 'run_request', valid: true });
  });

  test('protocol bundle round trip keeps protocol_bundle.v1', () => {
    const bundle = must(decodeProtocolBundle(json('protocol_bundle_default_claims.json')));
    const encoded = encodeProtocolBundle(bundle) as { schema_version: string };
    expect(encoded.schema_version).toBe('protocol_bundle.v1');
    expect(must(decodeProtocolBundle(encoded)).schema_version).toBe('protocol_bundle.v1');
  });

  test('semantic objects round trip keeps protocol_machine.semantic_objects.v1', () => {
    const decoded = must(decodeSemanticObjects(json('semantic_objects_schema_version.json')));
    expect(decoded.schema_version).toBe('protocol_machine.semantic_objects.v1');
    const encoded = encodeSemanticObjects(decoded) as { schema_version: string };
    expect(encoded.schema_version).toBe('protocol_machine.semantic_objects.v1');
    // The progress contract omits its four defaulted fields; decoding supplies null.
    expect(decoded.progress_contracts[0]).toMatchObject({ budget_ticks: null, reason: null });
  });

  test('a run output with effect exchanges and semantic objects decodes with its Tier 2 content', () => {
    const raw = text('run_output_semantic_objects.json');
    expect(parseRunOutput(raw).ok).toBe(true);
    expect(validate(raw)).toMatchObject({ family: 'run_output', valid: true, problems: [] });
    const output = json('run_output_semantic_objects.json') as Record<string, unknown>;
    const exchanges = must(decodeEffectExchanges(output['effect_exchanges']));
    const so = must(decodeSemanticObjects(output['semantic_objects']));
    expect(exchanges).toHaveLength(1);
    expect(so.outstanding_effects).toHaveLength(1);
    expect(so.publication_events).toHaveLength(1);
    expect(so.transformation_obligations).toEqual([]);
    expect(so.operation_instances[0]?.terminal_publication).toBe('effect.blocked');
  });

  test('semantic objects keep the handoff obligation bundle', () => {
    const so = must(decodeSemanticObjects(json('semantic_objects_handoff_obligations.json')));
    expect(so.semantic_handoffs[0]?.revoked_owner_id).toBe('coro:0');
    expect(so.transformation_obligations[0]?.invalidated_effect_ids).toEqual([11]);
    expect(so.publication_events[0]?.publication).toBe('handoff.committed');
  });
});

describe('semantic_object_roundtrip.rs and the bridge JSON helpers', () => {
  test('every list filled: decode then encode writes exactly serde’s JSON, and decodes to the same value', () => {
    const raw = json('semantic_objects_full.json');
    const decoded = must(decodeSemanticObjects(raw));
    expect(decoded.schema_version).toBe('protocol_machine.semantic_objects.v1');
    expect(stringifyArtifact(encodeSemanticObjects(decoded))).toBe(JSON.stringify(raw));
    expect(must(decodeSemanticObjects(encodeSemanticObjects(decoded)))).toEqual(decoded);
    // "semantic-object bridge schema should preserve operation/effect correspondence"
    expect(decoded.operation_instances.length).toBeGreaterThanOrEqual(decoded.outstanding_effects.length);
    expect(decoded.agreement_profiles[0]?.rule).toBe('no_agreement');
    expect(decoded.regions[0]?.scope).toBe('Session');
    expect(decoded.semantic_handoffs[0]?.scope).toEqual({ Fragments: ['A'] });
  });

  test('bridge.md §12 example: decodes, and its canonical form adds the defaults', () => {
    const decoded = must(decodeSemanticObjects(json('semantic_objects_bridge_md.json')));
    expect(decoded.transformation_obligations).toEqual([]);
    expect(decoded.progress_transitions).toEqual([]);
    expect(decoded.progress_contracts[0]).toEqual({
      operation_id: 'effect:4',
      session: 0,
      state: 'succeeded',
      last_ordering_key: 4,
      bounded: true,
      budget_ticks: null,
      last_progress_tick: null,
      escalated_at_tick: null,
      reason: null,
    });
    const canonical = stringifyArtifact(encodeSemanticObjects(decoded));
    expect(Object.keys(JSON.parse(canonical) as object)).toHaveLength(18);
    expect(stringifyArtifact(encodeSemanticObjects(must(decodeSemanticObjects(JSON.parse(canonical)))))).toBe(
      canonical,
    );
  });
});

const claimSlots = json('protocol_bundle_claim_slots.json') as {
  distributed: Record<string, unknown>;
  classical: Record<string, unknown>;
};
const kDistributed = Object.keys(claimSlots.distributed);
const kClassical = Object.keys(claimSlots.classical);
const count = (group: object): number => Object.values(group).filter((v) => v !== null && typeof v === 'object').length;

function roundTripClaims(claims: unknown): InvariantClaims {
  const base = json('protocol_bundle_default_claims.json') as Record<string, unknown>;
  const bundle = must(decodeProtocolBundle({ ...base, claims }));
  const again = JSON.parse(stringifyArtifact(encodeProtocolBundle(bundle))) as unknown;
  return must(decodeProtocolBundle(again)).claims;
}

describe('proptest_bundle.rs: one claim slot at a time', () => {
  test('the fixture lists every distributed and classical claim key', () => {
    expect(kDistributed).toHaveLength(19);
    expect(kClassical).toHaveLength(11);
  });

  test.each(kDistributed)('distributed %s round-trips as the only filled slot', (slot) => {
    const decoded = roundTripClaims({
      schema_version: 'lean_bridge.v1',
      distributed: { [slot]: claimSlots.distributed[slot] },
    });
    expect(decoded.schema_version).toBe('lean_bridge.v1');
    expect(decoded.distributed[slot as keyof InvariantClaims['distributed']]).toEqual(claimSlots.distributed[slot]);
    expect(count({ ...decoded.distributed, fault_model: null })).toBe(1);
    expect(count(decoded.classical)).toBe(0);
    expect(decoded.distributed.fault_model).toBe('Crash');
  });

  test.each(kClassical)('classical %s round-trips as the only filled slot', (slot) => {
    const decoded = roundTripClaims({
      schema_version: 'lean_bridge.v1',
      classical: { [slot]: claimSlots.classical[slot] },
    });
    expect(decoded.classical[slot as keyof InvariantClaims['classical']]).toEqual(claimSlots.classical[slot]);
    expect(count({ ...decoded.distributed, fault_model: null })).toBe(0);
    expect(count(decoded.classical)).toBe(1);
  });

  test('generated values of the proptest strategies round-trip (16 cases per slot, as telltale runs)', () => {
    const ppm = fc.integer({ min: 0, max: 1_000_000 }).map((p) => Math.round((p * 2 ** 32) / 1_000_000));
    const strategies: Record<string, fc.Arbitrary<unknown>> = {
      flp: fc.record({ crash_bound: fc.nat(7), requires_determinism: fc.boolean() }),
      quorum_geometry: fc.record({
        quorum_system: fc.constantFrom('Majority', 'Weighted', 'Flexible'),
        n: fc.integer({ min: 1, max: 63 }),
        quorum_size: fc.integer({ min: 1, max: 63 }),
        intersection_size: fc.nat(63),
      }),
      partial_synchrony: fc.record({
        timing: fc.constantFrom('Asynchronous', 'PartialSynchrony', 'Synchronous'),
        delta_bound: fc.option(fc.nat(127), { nil: null }),
      }),
      nakamoto: fc.record({ honest_fraction: ppm, finality_depth: fc.nat(255) }),
    };
    for (const [slot, arb] of Object.entries(strategies)) {
      fc.assert(
        fc.property(arb, (value) => {
          const decoded = roundTripClaims({ schema_version: 'lean_bridge.v1', distributed: { [slot]: value } });
          expect(decoded.distributed[slot as keyof InvariantClaims['distributed']]).toEqual(value);
        }),
        { numRuns: 16, seed: 17 },
      );
    }
    fc.assert(
      fc.property(fc.boolean(), fc.option(ppm, { nil: null }), (enabled, slack) => {
        const decoded = roundTripClaims({
          schema_version: 'lean_bridge.v1',
          classical: { max_weight: { enabled, slack } },
        });
        expect(decoded.classical.max_weight).toEqual({ enabled, slack });
      }),
      { numRuns: 16, seed: 17 },
    );
  });
});

describe('invariants.rs export test', () => {
  test('the exported bundle carries both versions and both roles', () => {
    const bundle = must(decodeProtocolBundle(json('protocol_bundle_export.json')));
    expect(bundle.schema_version).toBe('protocol_bundle.v1');
    expect(bundle.claims.schema_version).toBe('lean_bridge.v1');
    expect(Object.keys(bundle.local_types)).toEqual(['A', 'B']);
    expect(bundle.claims.liveness).toEqual({ scheduler: 'RoundRobin', fairness_k: 2, progress_required: true });
    expect(bundle.claims.classical.foster).toEqual({ enabled: true });
  });
});

/** The test-local consistency rule of protocol_bundle_admission_contracts.rs, over decoded claims. */
function localClaimConsistency(claims: InvariantClaims): string | null {
  const d = claims.distributed;
  const q = d.quorum_geometry;
  if (q !== null) {
    const [n, size, inter] = [Number(q.n), Number(q.quorum_size), Number(q.intersection_size)];
    if (size === 0 || n === 0 || size > n || inter > size) return 'quorum_geometry';
    if (q.quorum_system === 'Majority' && (inter === 0 || size * 2 <= n)) return 'quorum_geometry';
  }
  const ps = d.partial_synchrony;
  if (ps !== null && ps.timing === 'Asynchronous' && ps.delta_bound === null && d.responsiveness !== null)
    return 'partial_synchrony';
  const on = (c: { enabled: boolean } | null): boolean => c?.enabled === true;
  if (
    on(d.protocol_envelope_bridge) &&
    (!on(d.protocol_machine_envelope_adherence) || !on(d.protocol_machine_envelope_admission))
  )
    return 'protocol_envelope_bridge';
  return null;
}

describe('protocol_bundle_admission_contracts.rs', () => {
  const fixtures = json('protocol_bundle_admission.json') as Record<string, unknown>;
  const bundle = (name: string): ProtocolBundle => must(decodeProtocolBundle(fixtures[name]));

  test('the aligned bundle keeps adherence, admission and bridge claims enabled', () => {
    const d = bundle('aligned').claims.distributed;
    expect(d.protocol_machine_envelope_adherence).toEqual({ enabled: true });
    expect(d.protocol_machine_envelope_admission).toEqual({ enabled: true });
    expect(d.protocol_envelope_bridge).toEqual({ enabled: true });
    expect(localClaimConsistency(bundle('aligned').claims)).toBeNull();
  });

  test('reconfiguration claims round-trip through the bridge schema', () => {
    const r = must(
      decodeProtocolBundle(JSON.parse(stringifyArtifact(encodeProtocolBundle(bundle('reconfiguration'))))),
    );
    expect(r.claims.distributed.reconfiguration).toEqual({ dynamic_membership: true, overlap_required: true });
  });

  test('negative fixtures are valid bundles that fail the local consistency rule', () => {
    expect(localClaimConsistency(bundle('bad_quorum').claims)).toBe('quorum_geometry');
    expect(localClaimConsistency(bundle('unbounded_wait').claims)).toBe('partial_synchrony');
    expect(localClaimConsistency(bundle('bridge_without_admission').claims)).toBe('protocol_envelope_bridge');
    for (const name of ['bad_quorum', 'unbounded_wait', 'bridge_without_admission'])
      expect(validate(stringifyArtifact(fixtures[name]))).toMatchObject({ family: 'protocol_bundle', valid: true });
  });

  test('standalone claims decode with their defaults', () => {
    const c = must(decodeInvariantClaims({ schema_version: 'lean_bridge.v1' }));
    expect(c.liveness).toBeNull();
    expect(c.distributed.fault_model).toBe('Crash');
    expect(count(c.classical)).toBe(0);
  });
});

describe('generated_effect_schema.rs: the Runtime family’s operations as exchange metadata', () => {
  test('readChannel / acceptInvite / watchPresence keep their declared metadata through a round trip', () => {
    const raw = json('effect_exchanges_runtime_family.json');
    const exchanges = must(decodeEffectExchanges(raw));
    expect(exchanges.map((x) => x.request.metadata.interface_name)).toEqual(['Runtime', 'Runtime', 'Runtime']);
    const text = stringifyArtifact(encodeArtifact('effect_exchanges', exchanges));
    expect(text).toContain('"interface_name":"Runtime"');
    expect(text).toBe(JSON.stringify(raw));
    expect(must(decodeEffectExchanges(JSON.parse(text)))).toEqual(exchanges);
    const byName = Object.fromEntries(exchanges.map((x) => [x.request.metadata.operation_name, x.request.metadata]));
    expect(byName['readChannel']).toMatchObject({
      authority_class: 'authoritative',
      totality: 'may_block',
      region_scope: 'fragment',
      agreement_use: 'required',
      reentrancy_policy: 'reject_same_fragment',
    });
    expect(byName['watchPresence']).toMatchObject({ authority_class: 'observe', semantic_class: 'observational' });
    expect(exchanges[1]?.outcome.status).toEqual({
      status: 'failure',
      failure: { kind: 'denied', message: 'invite expired' },
    });
  });
});
