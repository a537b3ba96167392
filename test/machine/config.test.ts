import { describe, expect, test } from 'vitest';
import { kMachineConfigDefaults, resolveMachineConfig } from '../../src/machine/config.js';
import type { MachineConfig } from '../../src/types/machine.js';

describe('machine config (machine.md §9.1)', () => {
  test('our defaults', () => {
    expect(kMachineConfigDefaults).toMatchObject({
      configSchemaVersion: 1,
      schedPolicy: { kind: 'cooperative' },
      bufferConfig: { mode: 'fifo', initialCapacity: 16, policy: { kind: 'block' } },
      maxSessions: 256,
      maxCoroutines: 1024,
      numRegisters: 8,
      monitorMode: 'session_type_precheck',
      instructionCost: 1,
      initialCostBudget: 18446744073709551615n,
      threadedRoundSemantics: 'canonical_one_step',
      payloadValidationMode: 'structural',
      communicationReplayMode: 'off',
      maxPayloadBytes: 65536,
      observabilityRetention: { mode: 'full', capacity: 4096 },
      hostContractAssertions: 'enforced',
      determinismMode: 'full',
      outputConditionPolicy: { kind: 'allow_all' },
    });
    expect(resolveMachineConfig({})).toEqual({ ok: true, value: kMachineConfigDefaults });
  });

  const cases: readonly [Partial<MachineConfig>, string][] = [
    [{ configSchemaVersion: 0 }, 'config_schema_version must be >= 1'],
    [{ maxSessions: 0 }, 'max_sessions must be > 0'],
    [{ maxCoroutines: 0 }, 'max_coroutines must be > 0'],
    [{ numRegisters: 0 }, 'num_registers must be > 0'],
    [{ instructionCost: 0 }, 'instruction_cost must be > 0'],
    [{ maxPayloadBytes: 0 }, 'max_payload_bytes must be > 0'],
    [
      { observabilityRetention: { mode: 'capped', capacity: 0 } },
      'observability_retention.capacity must be > 0 in capped mode',
    ],
    [
      { hostContractAssertions: 'relaxed_test_only' },
      'host_contract_assertions=relaxed_test_only is not valid with DeterminismMode::Full',
    ],
    [{ numRegisters: 65536 }, 'num_registers must be <= 65535'],
  ];
  test.each(cases)('invalid %o → InvalidConfig "%s"', (partial, reason) => {
    expect(resolveMachineConfig(partial)).toMatchObject({ ok: false, error: { code: 'InvalidConfig', reason } });
  });

  test('checks run in the spec order: the first failure wins', () => {
    expect(resolveMachineConfig({ maxSessions: 0, numRegisters: 0, configSchemaVersion: 0 })).toMatchObject({
      ok: false,
      error: { reason: 'config_schema_version must be >= 1' },
    });
    expect(resolveMachineConfig({ maxCoroutines: 0, numRegisters: 0 })).toMatchObject({
      ok: false,
      error: { reason: 'max_coroutines must be > 0' },
    });
  });

  test('relaxed host assertions are fine outside DeterminismMode::Full; capped retention with capacity is fine', () => {
    expect(resolveMachineConfig({ hostContractAssertions: 'relaxed_test_only', determinismMode: 'replay' }).ok).toBe(
      true,
    );
    expect(resolveMachineConfig({ observabilityRetention: { mode: 'capped', capacity: 1024 } }).ok).toBe(true);
  });
});

describe('machine config JSON (Rust serde shape)', () => {
  test('the default config round-trips', async () => {
    const { decodeMachineConfig, encodeMachineConfig } = await import('../../src/machine/configCodec.js');
    const json = JSON.parse(JSON.stringify(encodeMachineConfig(kMachineConfigDefaults))) as unknown;
    expect(json).toMatchObject({
      sched_policy: 'Cooperative',
      buffer_config: { mode: 'Fifo', initial_capacity: 16, policy: 'Block' },
      monitor_mode: 'SessionTypePrecheck',
      determinism_mode: 'Full',
      output_condition_policy: 'AllowAll',
      initial_cost_budget: '18446744073709551615',
      tick_duration: { secs: 0, nanos: 1000000 },
    });
    expect(decodeMachineConfig(json)).toEqual({ ok: true, value: kMachineConfigDefaults });
  });

  test('Rust variants: priorities, resize, latest value, predicate allow list, boolean host assertions', async () => {
    const { decodeMachineConfig } = await import('../../src/machine/configCodec.js');
    const r = decodeMachineConfig({
      sched_policy: { Priority: { FixedMap: { '0': 5, '3': 1 } } },
      buffer_config: { mode: 'LatestValue', initial_capacity: 1, policy: { Resize: { max_capacity: 8 } } },
      output_condition_policy: { PredicateAllowList: ['p'] },
      host_contract_assertions: true,
      unknown_field: 1,
    });
    expect(r).toMatchObject({
      ok: true,
      value: {
        schedPolicy: { kind: 'priority_fixed', map: { 0: 5, 3: 1 } },
        bufferConfig: { mode: 'latest_value', initialCapacity: 1, policy: { kind: 'resize', maxCapacity: 8 } },
        outputConditionPolicy: { kind: 'predicate_allow_list', predicates: ['p'] },
        hostContractAssertions: 'enforced',
      },
    });
    expect(decodeMachineConfig({ sched_policy: { Priority: 'Aging' } })).toMatchObject({
      ok: true,
      value: { schedPolicy: { kind: 'priority_aging' } },
    });
  });

  test('bad values name the field; validation reasons apply', async () => {
    const { decodeMachineConfig } = await import('../../src/machine/configCodec.js');
    expect(decodeMachineConfig({ monitor_mode: 'Sometimes' })).toMatchObject({
      ok: false,
      error: { code: 'InvalidConfig', path: '$.monitor_mode' },
    });
    expect(decodeMachineConfig({ buffer_config: { policy: 'Explode' } })).toMatchObject({
      ok: false,
      error: { path: '$.buffer_config.policy' },
    });
    expect(decodeMachineConfig({ max_sessions: 0 })).toMatchObject({
      ok: false,
      error: { reason: 'max_sessions must be > 0' },
    });
    expect(decodeMachineConfig([])).toMatchObject({ ok: false, error: { code: 'InvalidConfig', path: '$' } });
  });
});
