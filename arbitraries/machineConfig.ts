/**
 * Machine configurations (machine.md §9.1) for differential runs of code images: the fields that
 * change what the machine computes, each mostly at its default and sometimes at a value that
 * reaches a different rule (a full buffer, an exhausted budget, the monitor off, a rejecting
 * output-condition policy, ...). Shrinks field by field toward the defaults.
 */
import fc from 'fast-check';
import type { BackpressurePolicy, BufferConfig, MachineConfig, SchedPolicy } from '../src/types/machine.js';
import { checkInt, checkRatio, resolveConstraints, weighted } from './_internals/resolveConstraints.js';

/** Limits for {@link machineConfigArb}. @public */
export interface MachineConfigConstraints {
  /** Share of each field drawn away from its default. @defaultValue 0.25 */
  readonly varyRatio?: number;
  /** Coroutine ids `priority_fixed` maps give scores to. @defaultValue 6 */
  readonly maxCoroutineId?: number;
  /** Largest register count drawn (the default, 8, is drawn most often). @defaultValue 16 */
  readonly maxRegisters?: number;
}

/** The defaults of {@link MachineConfigConstraints}. @public */
export const kMachineConfigArbDefaults: Required<MachineConfigConstraints> = Object.freeze({
  varyRatio: 0.25,
  maxCoroutineId: 6,
  maxRegisters: 16,
});

/** The observable-output predicate every gated step claims (machine.md §6 stage 7). */
const OBSERVABLE_OUTPUT = 'protocol_machine.observable_output';

/**
 * Partial machine configurations: only fields drawn away from their default are present, so a
 * shrunk configuration lists exactly what a failure needs. Varied: `sched_policy` (every policy,
 * fixed priority maps), `buffer_config` (both modes, capacities 0–3 and 16, all four policies),
 * `num_registers`, `monitor_mode`, `instruction_cost`, `initial_cost_budget` (small budgets run
 * out), `payload_validation_mode`, `max_payload_bytes` (small limits reject payloads),
 * `communication_replay_mode`, `output_condition_policy`.
 *
 * @param constraints - Optional limits; see {@link MachineConfigConstraints}.
 * @example
 * ```ts
 * fc.assert(fc.property(codeImageArb(), machineConfigArb(), (image, config) => {
 *   expect(runCooperative(image, { maxSteps: 100, config }).ok).toBe(true);
 * }), { seed: 3, numRuns: 50 });
 * ```
 * @public
 */
export function machineConfigArb(constraints: MachineConfigConstraints = {}): fc.Arbitrary<Partial<MachineConfig>> {
  const c = resolveMachineConfigConstraints(constraints);
  const field = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
    weighted<T | undefined>([
      [1 - c.varyRatio, fc.constant(undefined)],
      [c.varyRatio, arb],
    ]);
  const capacity = fc.oneof(fc.nat({ max: 3 }), fc.constant(16));
  const policy: fc.Arbitrary<BackpressurePolicy> = fc.oneof(
    fc.constantFrom<BackpressurePolicy>({ kind: 'block' }, { kind: 'drop' }, { kind: 'error' }),
    fc.nat({ max: 4 }).map((maxCapacity): BackpressurePolicy => ({ kind: 'resize', maxCapacity })),
  );
  const bufferConfig: fc.Arbitrary<BufferConfig> = fc.record({
    mode: fc.constantFrom<BufferConfig['mode']>('fifo', 'latest_value'),
    initialCapacity: capacity,
    policy,
  });
  const schedPolicy: fc.Arbitrary<SchedPolicy> = fc.oneof(
    fc.constantFrom<SchedPolicy>(
      { kind: 'round_robin' },
      { kind: 'progress_aware' },
      { kind: 'priority_aging' },
      { kind: 'priority_token_weighted' },
    ),
    fc
      .array(fc.tuple(fc.nat({ max: c.maxCoroutineId }), fc.nat({ max: 9 })), { maxLength: 4 })
      .map((pairs): SchedPolicy => ({ kind: 'priority_fixed', map: Object.fromEntries(pairs) })),
  );
  return fc
    .record({
      schedPolicy: field(schedPolicy),
      bufferConfig: field(bufferConfig),
      numRegisters: field(fc.integer({ min: 1, max: c.maxRegisters })),
      monitorMode: field(fc.constant<MachineConfig['monitorMode']>('off')),
      instructionCost: field(fc.integer({ min: 1, max: 3 })),
      initialCostBudget: field(fc.bigInt({ min: 0n, max: 24n })),
      payloadValidationMode: field(fc.constantFrom<MachineConfig['payloadValidationMode']>('off', 'strict_schema')),
      maxPayloadBytes: field(fc.integer({ min: 1, max: 40 })),
      communicationReplayMode: field(
        fc.constantFrom<MachineConfig['communicationReplayMode']>('sequence', 'nullifier'),
      ),
      outputConditionPolicy: field(
        fc.oneof(
          fc.constantFrom<MachineConfig['outputConditionPolicy']>({ kind: 'disabled' }, { kind: 'deny_all' }),
          fc
            .subarray([OBSERVABLE_OUTPUT, 'other.predicate'])
            .map((predicates): MachineConfig['outputConditionPolicy'] => ({
              kind: 'predicate_allow_list',
              predicates,
            })),
        ),
      ),
    })
    .map((drawn) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(drawn)) if (v !== undefined) out[k] = v;
      return out;
    });
}

function resolveMachineConfigConstraints(constraints: MachineConfigConstraints): Required<MachineConfigConstraints> {
  const c = resolveConstraints(kMachineConfigArbDefaults, constraints);
  checkRatio('machineConfigArb', 'varyRatio', c.varyRatio);
  checkInt('machineConfigArb', 'maxCoroutineId', c.maxCoroutineId);
  checkInt('machineConfigArb', 'maxRegisters', c.maxRegisters, 1, 65535);
  return c;
}
