/**
 * `protocol_bundle.v1` bundles (bridge.md §13): a global type with the `projectCore` local type of
 * each of its roles, as bridge JSON, and invariant claims with every claim slot reachable.
 */
import fc from 'fast-check';
import type { JsonValue } from '../src/types/artifact.js';
import { SCHEMA_VERSION } from '../src/types/bridge.js';
import type { InvariantClaims, ProtocolBundle } from '../src/types/protocolBundle.js';
import { encodeGlobal } from '../src/projection/encodeGlobal.js';
import { encodeLocal } from '../src/projection/encodeLocal.js';
import { projectCore } from '../src/projection/projectCore.js';
import { roles } from '../src/projection/roles.js';
import { globalTypeArb } from './globalType.js';
import { i64Arb, optionArb, u64Arb } from './_internals/tier2.js';
import { checkInt } from './_internals/resolveConstraints.js';

/** Limits of {@link protocolBundleArb}. @example `protocolBundleArb({ maxDepth: 2 })` @public */
export interface ProtocolBundleConstraints {
  /** Nesting of the global type (passed to `globalTypeArb`). @defaultValue 3 */
  readonly maxDepth?: number;
}

/** A global type and its roles' local types, as bridge JSON. @internal */
export function protocolTypesArb(
  maxDepth: number,
): fc.Arbitrary<{ readonly global_type: JsonValue; readonly local_types: { readonly [role: string]: JsonValue } }> {
  return globalTypeArb({ maxDepth }).map((g) => {
    const local_types: Record<string, JsonValue> = {};
    for (const role of roles(g)) local_types[role] = encodeLocal(projectCore(g, role)) as JsonValue;
    return { global_type: encodeGlobal(g) as JsonValue, local_types };
  });
}

const enabled = optionArb(fc.record({ enabled: fc.boolean() }));
const optU64 = optionArb(u64Arb);

/** Invariant claims: every slot `null` or drawn; shrinks toward the all-null defaults. @internal */
export const invariantClaimsArb: fc.Arbitrary<InvariantClaims> = fc.record({
  schema_version: fc.constant(SCHEMA_VERSION),
  liveness: optionArb(
    fc.record({
      scheduler: fc.constantFrom('Cooperative', 'RoundRobin', 'Priority', 'ProgressAware'),
      fairness_k: optU64,
      progress_required: fc.boolean(),
    }),
  ),
  distributed: fc.record({
    fault_model: fc.constantFrom('Crash', 'Byzantine', 'Hybrid'),
    flp: optionArb(fc.record({ crash_bound: u64Arb, requires_determinism: fc.boolean() })),
    cap: optionArb(
      fc.record({
        consistency: fc.constantFrom('Linearizable', 'Sequential', 'Eventual'),
        availability: fc.constantFrom('Total', 'BoundedDegradation', 'BestEffort'),
        partition_model: fc.constantFrom('None', 'CrashOnly', 'NetworkSplit'),
      }),
    ),
    quorum_geometry: optionArb(
      fc.record({
        quorum_system: fc.constantFrom('Majority', 'Weighted', 'Flexible'),
        n: u64Arb,
        quorum_size: u64Arb,
        intersection_size: u64Arb,
      }),
    ),
    partial_synchrony: optionArb(
      fc.record({ timing: fc.constantFrom('Asynchronous', 'PartialSynchrony', 'Synchronous'), delta_bound: optU64 }),
    ),
    responsiveness: optionArb(fc.record({ leader_based: fc.boolean(), requires_stable_period: fc.boolean() })),
    nakamoto: optionArb(fc.record({ honest_fraction: i64Arb, finality_depth: u64Arb })),
    reconfiguration: optionArb(fc.record({ dynamic_membership: fc.boolean(), overlap_required: fc.boolean() })),
    atomic_broadcast: optionArb(fc.record({ total_order: fc.boolean(), valid_delivery: fc.boolean() })),
    accountable_safety: enabled,
    failure_detectors: enabled,
    data_availability: enabled,
    coordination: enabled,
    crdt: enabled,
    byzantine_safety: enabled,
    consensus_envelope: enabled,
    failure_envelope: enabled,
    protocol_machine_envelope_adherence: enabled,
    protocol_machine_envelope_admission: enabled,
    protocol_envelope_bridge: enabled,
  }),
  classical: fc.record({
    foster: enabled,
    max_weight: optionArb(fc.record({ enabled: fc.boolean(), slack: optionArb(i64Arb) })),
    ldp: enabled,
    mean_field: optionArb(fc.record({ enabled: fc.boolean(), population_size: optU64 })),
    heavy_traffic: enabled,
    mixing: optionArb(fc.record({ enabled: fc.boolean(), mixing_time_bound: optU64 })),
    fluid: enabled,
    concentration: enabled,
    littles_law: enabled,
    functional_clt: enabled,
    spectral_gap_termination: enabled,
  }),
});

/**
 * Protocol bundles in their decoded form: a generated global type, the `projectCore` local type
 * of each of its roles, and claims with every distributed and classical slot reachable (FixedQ32
 * values as raw bits, sometimes beyond ±2^53).
 * @example
 * ```ts
 * fc.assert(fc.property(protocolBundleArb(), (b) => decodeProtocolBundle(encodeProtocolBundle(b)).ok));
 * ```
 * @public
 */
export function protocolBundleArb(constraints: ProtocolBundleConstraints = {}): fc.Arbitrary<ProtocolBundle> {
  const maxDepth = constraints.maxDepth ?? 3;
  checkInt('protocolBundleArb', 'maxDepth', maxDepth, 0, 8);
  return fc
    .record({
      schema_version: fc.constant('protocol_bundle.v1' as const),
      types: protocolTypesArb(maxDepth),
      claims: invariantClaimsArb,
    })
    .map(({ schema_version, types, claims }) => ({ schema_version, ...types, claims }));
}
