import { describe, expect, test } from 'vitest';
import { defaultMachineConfig, resolveMachineConfig } from '../../src/machine/index.js';
import type { MachineConfig } from '../../src/types/machine.js';

describe('machine config (machine.md §9.1)', () => {
  test('our defaults', () => {
    expect(defaultMachineConfig).toMatchObject({
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
    expect(resolveMachineConfig({})).toEqual({ ok: true, value: defaultMachineConfig });
  });

  const cases: readonly [Partial<MachineConfig>, string][] = [
    [{ configSchemaVersion: 0 }, 'config_schema_version must be >= 1'],
    [{ maxSessions: 0 }, 'max_sessions must be > 0'],
    [{ maxCoroutines: 0 }, 'max_coroutines must be > 0'],
    [{ numRegisters: 0 }, 'num_registers must be > 0'],
    [{ instructionCost: 0 }, 'instruction_cost must be > 0'],
    [{ maxPayloadBytes: 0 }, 'max_payload_bytes must be > 0'],
    [{ observabilityRetention: { mode: 'capped', capacity: 0 } }, 'observability_retention.capacity must be > 0 in capped mode'],
    [{ hostContractAssertions: 'relaxed_test_only' }, 'host_contract_assertions=relaxed_test_only is not valid with DeterminismMode::Full'],
    [{ numRegisters: 65536 }, 'num_registers must be <= 65535'],
  ];
  test.each(cases)('invalid %o → InvalidConfig "%s"', (partial, reason) => {
    expect(resolveMachineConfig(partial)).toMatchObject({ ok: false, error: { code: 'InvalidConfig', reason } });
  });

  test('checks run in the spec order: the first failure wins', () => {
    expect(resolveMachineConfig({ maxSessions: 0, numRegisters: 0, configSchemaVersion: 0 })).toMatchObject({ ok: false, error: { reason: 'config_schema_version must be >= 1' } });
    expect(resolveMachineConfig({ maxCoroutines: 0, numRegisters: 0 })).toMatchObject({ ok: false, error: { reason: 'max_coroutines must be > 0' } });
  });

  test('relaxed host assertions are fine outside DeterminismMode::Full; capped retention with capacity is fine', () => {
    expect(resolveMachineConfig({ hostContractAssertions: 'relaxed_test_only', determinismMode: 'replay' }).ok).toBe(true);
    expect(resolveMachineConfig({ observabilityRetention: { mode: 'capped', capacity: 1024 } }).ok).toBe(true);
  });
});
