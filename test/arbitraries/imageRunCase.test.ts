import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { imageRunCaseArb, prefixRoles, typeMessages, type Tier2Feature } from '../../arbitraries/imageRunCase.js';
import { machineConfigArb } from '../../arbitraries/machineConfig.js';
import { codeImageFromLocalTypes } from '../../src/machine/codeImage.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { projectCore } from '../../src/projection/projectCore.js';
import { runImageReference } from '../../src/reference/imageExecutor.js';
import { TelltaleError } from '../../src/types/errors.js';
import type { GlobalType } from '../../src/types/session.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(1616);
const unit = (name: string) => ({ name, sort: 'unit' as const });
const loop: GlobalType = {
  kind: 'rec',
  var: 't',
  body: {
    kind: 'comm',
    sender: 'A',
    receiver: 'B',
    branches: [
      {
        label: unit('ping'),
        continuation: {
          kind: 'comm',
          sender: 'B',
          receiver: 'A',
          branches: [{ label: unit('pong'), continuation: { kind: 'var', name: 't' } }],
        },
      },
    ],
  },
};
const image = codeImageFromLocalTypes(
  (['A', 'B'] as const).map((r) => [r, projectCore(loop, r)] as const),
  loop,
);

describe('machineConfigArb', () => {
  test('partial configurations the machine accepts; only drawn fields present; deterministic per seed', () => {
    const configs = fc.sample(machineConfigArb(), { seed: SEED, numRuns: 200 });
    expect(fc.sample(machineConfigArb(), { seed: SEED, numRuns: 200 })).toEqual(configs);
    for (const config of configs) {
      expect(Object.values(config)).not.toContain(undefined);
      expect(runCooperative(image, { config, maxSteps: 10 }).ok).toBe(true);
    }
    expect(configs.some((c) => Object.keys(c).length === 0)).toBe(true);
    expect(configs.some((c) => c.bufferConfig?.policy.kind === 'drop')).toBe(true);
  });

  test('shrinks to the defaults', () => {
    const r = fc.check(
      fc.property(machineConfigArb(), (c) => c.monitorMode !== 'off'),
      { seed: SEED },
    );
    expect(r.counterexample?.[0]).toEqual({ monitorMode: 'off' });
  });
});

describe('prefixRoles and typeMessages', () => {
  test('an empty prefix changes nothing; a prefix moves every pc operand and the entry points', () => {
    expect(prefixRoles(image, new Map())).toEqual(image);
    const two = prefixRoles(
      image,
      new Map([
        [
          1,
          [
            { op: 'Set', dst: 2, val: { kind: 'unit' } },
            { op: 'Set', dst: 2, val: { kind: 'unit' } },
          ],
        ],
      ]),
    );
    expect(two.program.entryPoints).toEqual([
      ['A', 0],
      ['B', 5],
    ]);
    // B's loop jumps back past its prefix to its own first instruction (was pc 5, now 7).
    expect(two.program.code.at(-1)).toEqual({ op: 'Jump', target: 7 });
    const run = (im: typeof image) => runImageReference(im, { maxSteps: 30 });
    const a = run(image);
    const b = run(two);
    expect(a.ok && b.ok && b.value.output.trace.filter((e) => e.kind === 'sent').length).toBeGreaterThan(0);
  });

  test('typed messages: Offer+Invoke becomes Send, a one-entry Choose becomes Receive, types get unit payloads', () => {
    const typed = typeMessages(image);
    expect(typed.program.code.map((i) => i.op)).toEqual([
      'Send',
      'Invoke',
      'Receive',
      'Invoke',
      'Jump',
      'Receive',
      'Invoke',
      'Send',
      'Invoke',
      'Jump',
    ]);
    const r = runImageReference(typed, { maxSteps: 40, config: { payloadValidationMode: 'strict_schema' } });
    expect(r.ok && r.value.diagnostics.faults).toEqual([]);
  });
});

describe('imageRunCaseArb', () => {
  test('Tier-1 by default: no Tier-2 configuration field, no Tier-2 instruction beyond random code', () => {
    for (const c of fc.sample(imageRunCaseArb(), { seed: SEED, numRuns: 100 })) {
      expect(c.config).not.toHaveProperty('topologyPerturbations');
      expect(c.config).not.toHaveProperty('guardLayers');
    }
  });

  test('with tier2Ratio: every feature shows up with what enables it, and the executor runs every case', () => {
    const cases = fc.sample(imageRunCaseArb({ tier2Ratio: 1 }), { seed: SEED, numRuns: 300 });
    const ops = new Set(cases.flatMap((c) => c.image.program.code.map((i) => i.op)));
    for (const op of [
      'Fork',
      'Join',
      'Abort',
      'Acquire',
      'Release',
      'Tag',
      'Check',
      'Transfer',
      'Open',
      'Close',
      'Send',
      'Receive',
    ])
      expect(ops).toContain(op);
    const keys = new Set(cases.flatMap((c) => Object.keys(c.config)));
    for (const k of [
      'speculationEnabled',
      'guardLayers',
      'flowPolicy',
      'topologyPerturbations',
      'initialProgressTokens',
      'edgeBufferConfigs',
    ])
      expect(keys).toContain(k);
    const events = new Set<string>();
    for (const c of cases) {
      const r = runImageReference(c.image, { config: c.config, schedule: c.schedule, maxSteps: c.maxSteps });
      expect(r.ok).toBe(true);
      if (r.ok) for (const e of r.value.diagnostics.machine_trace) events.add((e as { kind: string }).kind);
    }
    for (const k of [
      'forked',
      'joined',
      'aborted',
      'acquired',
      'released',
      'tagged',
      'checked',
      'transferred',
      'timeout_issued',
      'session_terminal',
    ])
      expect(events).toContain(k);
  });

  test('shrinks toward a Tier-1 case', () => {
    const r = fc.check(
      fc.property(imageRunCaseArb({ tier2Ratio: 0.5 }), (c) => c.config.speculationEnabled !== true),
      { seed: SEED },
    );
    expect(r.counterexample?.[0].config).toEqual({ speculationEnabled: true, maxSpeculationDepth: 0 });
  });

  test('bad options are InvalidOption', () => {
    expect(() => imageRunCaseArb({ tier2Ratio: 2 })).toThrow(TelltaleError);
    expect(() => imageRunCaseArb({ features: ['bogus' as Tier2Feature] })).toThrow(/unknown Tier-2 feature/);
  });
});
