/**
 * Reference-simulator payloads (bridge.md §8.2–8.3): `SimRunInput` over a generated global type and
 * its roles' local types, and `SimRunOutput` with bridge events, violations and artifacts.
 */
import fc from 'fast-check';
import type { JsonValue } from '../src/types/artifact.js';
import { SCHEMA_VERSION, type BridgeEvent } from '../src/types/bridge.js';
import type { SimRunInput, SimRunOutput } from '../src/types/simRun.js';
import { protocolTypesArb } from './protocolBundle.js';
import { listArb, opaqueJsonArb, textArb, tier2Limits, u64Arb, type Tier2Constraints } from './_internals/tier2.js';

/** Limits of {@link simRunInputArb} and {@link simRunOutputArb}. @example `simRunOutputArb({ maxItems: 8 })` @public */
export type SimRunConstraints = Tier2Constraints;

/**
 * `SimRunInput` values (decoded form): scenario `{steps}` or opaque JSON, a global type with its
 * roles' local types, initial states per role.
 * @example `fc.sample(simRunInputArb(), 1)`
 * @public
 */
export function simRunInputArb(constraints: SimRunConstraints = {}): fc.Arbitrary<SimRunInput> {
  const { maxItems } = tier2Limits('simRunInputArb', constraints);
  return fc
    .record({
      scenario: fc.oneof(
        fc.nat({ max: 20 }).map((steps) => ({ steps })),
        opaqueJsonArb,
      ),
      types: protocolTypesArb(3),
      states: listArb(listArb(opaqueJsonArb, maxItems), maxItems),
    })
    .map(({ scenario, types, states }) => {
      const initial_states: Record<string, readonly JsonValue[]> = {};
      Object.keys(types.local_types).forEach((role, i) => {
        const s = states[i];
        if (s !== undefined) initial_states[role] = s;
      });
      return { schema_version: SCHEMA_VERSION, scenario, ...types, initial_states };
    });
}

const eventArb: fc.Arbitrary<BridgeEvent> = fc
  .record(
    {
      kind: fc.constantFrom('opened', 'sent', 'received', 'halted', 'faulted', 'closed'),
      tick: u64Arb,
      session: u64Arb,
      sender: textArb,
      receiver: textArb,
      label: textArb,
      role: textArb,
      target: textArb,
      reason: textArb,
      permitted: fc.boolean(),
      epoch: u64Arb,
    },
    { requiredKeys: ['kind', 'tick'] },
  )
  .map((e) => ({ schema_version: SCHEMA_VERSION, ...e }) as BridgeEvent);

/**
 * `SimRunOutput` values (decoded form): bridge events (absent optional fields omitted), opaque
 * violations and artifacts.
 * @example `fc.sample(simRunOutputArb(), 1)`
 * @public
 */
export function simRunOutputArb(constraints: SimRunConstraints = {}): fc.Arbitrary<SimRunOutput> {
  const { maxItems } = tier2Limits('simRunOutputArb', constraints);
  return fc.record({
    schema_version: fc.constant(SCHEMA_VERSION),
    trace: listArb(eventArb, maxItems),
    violations: listArb(opaqueJsonArb, maxItems),
    artifacts: opaqueJsonArb,
  });
}
