/**
 * The Tier-2 surfaces on the engines (issue #16, phase B): each scenario of the image executor's
 * Tier-2 tests (test/reference/imageExecutorTier2.test.ts, rustFixtures.test.ts) runs on the
 * cooperative engine, which must emit the scenario's events and agree with the independent
 * executor exactly, and on the threaded engine: strictly equal at n = 1 and under
 * `canonical_one_step` at n = 3; at n = 3 in waves, within the envelope classifier with the Tier-2
 * events in the bridge form where the machine trace has them. The checks are the built-in
 * properties' own (`cooperative-vs-reference-images`, `cooperative-vs-threaded-images`).
 */
import { describe, expect, test } from 'vitest';
import type { ImageRunCase } from '../../arbitraries/index.js';
import { builtinProperties } from '../../src/fuzz/builtinProperties.js';
import { defaultImplementations } from '../../src/fuzz/implementations.js';
import { decodeMachineConfig, encodeMachineConfig } from '../../src/machine/configCodec.js';
import { resolveMachineConfig } from '../../src/machine/config.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { runThreaded } from '../../src/threaded/runThreaded.js';
import { judgeEnvelope } from '../../src/trace/judgeEnvelope.js';
import type { CodeImage, Instruction, MachineConfig, Value } from '../../src/types/machine.js';
import type { Edge } from '../../src/types/machine.js';
import { HALT, OPEN_PQ, gmsg, lmsg, nat, rustImage, singleRole, str } from '../reference/_images.js';

const chan = (sid: number, role: string): Value => ({ kind: 'chan', endpoint: { sid, role } });
const fact = (role: string, s: string): Value => ({ kind: 'prod', left: chan(0, role), right: str(s) });
const ab: Edge = { sid: 0, sender: 'A', receiver: 'B' };
const both: Edge[] = [ab, { sid: 0, sender: 'B', receiver: 'A' }];

const simple = rustImage(
  { A: [{ op: 'Offer', chan: 0, label: 'm' }, HALT], B: [{ op: 'Choose', chan: 0, table: [['m', 1]] }, HALT] },
  { A: lmsg('send', 'B', ['m']), B: lmsg('recv', 'A', ['m']) },
  gmsg('A', 'B', ['m']),
);
const twoReceives = rustImage(
  {
    A: [{ op: 'Offer', chan: 0, label: 'm' }, { op: 'Offer', chan: 0, label: 'm' }, HALT],
    B: [{ op: 'Choose', chan: 0, table: [['m', 1]] }, { op: 'Choose', chan: 0, table: [['m', 2]] }, HALT],
  },
  { A: lmsg('send', 'B', ['m'], lmsg('send', 'B', ['m'])), B: lmsg('recv', 'A', ['m'], lmsg('recv', 'A', ['m'])) },
  gmsg('A', 'B', ['m'], gmsg('A', 'B', ['m'])),
);
const guarded: Instruction[] = [
  { op: 'Acquire', layer: 'g', dst: 2 },
  { op: 'Release', layer: 'g', evidence: 2 },
  HALT,
];

interface Scenario {
  readonly name: string;
  readonly image: CodeImage;
  readonly config: Partial<MachineConfig>;
  readonly maxSteps?: number;
  readonly schedule?: readonly number[];
  /** Machine-trace kinds the run must contain, in this order (other events may sit between). */
  readonly events: readonly string[];
  /** The first fault's kind, if the scenario faults. */
  readonly fault?: string;
}

const scenarios: readonly Scenario[] = [
  {
    name: 'Acquire/Release on an active layer',
    image: singleRole(guarded),
    config: { guardLayers: ['g'] },
    events: ['acquired', 'released'],
  },
  {
    name: 'Acquire on an inactive layer',
    image: singleRole(guarded),
    config: { guardLayers: [{ id: 'g', active: false }] },
    events: ['faulted'],
    fault: 'acquire_fault',
  },
  {
    name: 'Acquire on a denying layer blocks',
    image: singleRole(guarded),
    config: { guardLayers: [{ id: 'g', active: true, denied: true }] },
    events: ['opened'],
  },
  {
    name: 'Fork/Join/Fork/Abort (parity_fixtures_v2 speculation fixture)',
    image: singleRole([
      { op: 'Set', dst: 1, val: nat(7) },
      { op: 'Fork', ghost: 1 },
      { op: 'Join' },
      { op: 'Fork', ghost: 1 },
      { op: 'Abort' },
      HALT,
    ]),
    config: { speculationEnabled: true },
    events: ['forked', 'joined', 'aborted', 'halted'],
  },
  {
    name: 'speculation depth exhausted',
    image: singleRole([{ op: 'Set', dst: 1, val: nat(3) }, { op: 'Fork', ghost: 1 }, { op: 'Fork', ghost: 1 }, HALT]),
    config: { speculationEnabled: true, maxSpeculationDepth: 1 },
    events: ['forked', 'faulted'],
    fault: 'spec_fault',
  },
  {
    name: "Abort rolls back other coroutines' events since the Fork",
    image: rustImage(
      {
        A: [
          { op: 'Set', dst: 1, val: nat(9) },
          { op: 'Fork', ghost: 1 },
          { op: 'Set', dst: 2, val: nat(0) },
          { op: 'Set', dst: 2, val: nat(0) },
          { op: 'Abort' },
          HALT,
        ],
        B: [{ op: 'Choose', chan: 0, table: [['m', 1]] }, HALT],
        C: [{ op: 'Offer', chan: 0, label: 'm' }, HALT],
      },
      {
        A: lmsg('send', 'B', ['x']),
        B: lmsg('recv', 'C', ['m'], lmsg('recv', 'A', ['x'])),
        C: lmsg('send', 'B', ['m']),
      },
      gmsg('C', 'B', ['m'], gmsg('A', 'B', ['x'])),
    ),
    config: { speculationEnabled: true },
    events: ['sent', 'aborted'],
  },
  {
    name: 'Tag then Transfer (endpoint, tokens and facts move)',
    image: rustImage(
      {
        A: [
          { op: 'Set', dst: 1, val: fact('A', 'k') },
          { op: 'Tag', fact: 1, dst: 3 },
          { op: 'Set', dst: 2, val: nat(1) },
          { op: 'Transfer', endpoint: 0, target: 2, bundle: 0 },
          HALT,
        ],
        B: [HALT],
      },
      { A: { kind: 'end' }, B: { kind: 'end' } },
      { kind: 'end' },
    ),
    config: { initialProgressTokens: 1 },
    events: ['tagged', 'transferred'],
  },
  {
    name: 'Check under a predicate flow policy',
    image: singleRole([
      { op: 'Set', dst: 1, val: fact('A', 'secret-x') },
      { op: 'Tag', fact: 1, dst: 3 },
      { op: 'Set', dst: 2, val: str('Auditor') },
      { op: 'Check', knowledge: 1, target: 2, dst: 4 },
      HALT,
    ]),
    config: {
      flowPolicy: {
        kind: 'predicate',
        predicate: {
          kind: 'all',
          predicates: [
            { kind: 'target_role_prefix', prefix: 'Au' },
            { kind: 'fact_contains', fragment: 'secret' },
          ],
        },
      },
    },
    events: ['tagged', 'checked'],
  },
  {
    name: 'Open, then a message over the new session',
    image: singleRole([
      OPEN_PQ,
      { op: 'Offer', chan: 1, label: 'm' },
      { op: 'Choose', chan: 2, table: [['m', 3]] },
      HALT,
    ]),
    config: {},
    events: ['opened', 'opened', 'sent', 'received', 'halted'],
  },
  {
    name: 'a timeout past its deadline cancels the session',
    image: simple,
    config: { topologyPerturbations: [{ tick: 2, failure: { kind: 'timeout', edge: ab, deadline: 2 } }] },
    events: ['timeout_issued', 'cancellation_requested', 'cancelled', 'session_terminal'],
  },
  {
    name: 'crash + partition + corrupt + timeout (topology_effect_ingress.rs)',
    image: simple,
    config: {
      topologyPerturbations: [
        { tick: 1, failure: { kind: 'crash', site: 'A' } },
        { tick: 1, failure: { kind: 'partition', edges: both } },
        { tick: 1, failure: { kind: 'corrupt', edge: ab, seqNo: 0 } },
        { tick: 1, failure: { kind: 'timeout', edge: ab, deadline: 6 } },
      ],
    },
    events: ['opened', 'timeout_issued'],
  },
  {
    name: 'partition then heal',
    image: simple,
    config: {
      topologyPerturbations: [
        { tick: 1, failure: { kind: 'partition', edges: both } },
        { tick: 2, failure: { kind: 'heal', edges: both } },
      ],
    },
    events: ['opened'],
  },
  {
    name: 'a crash faults the next communication over the crashed edge',
    image: simple,
    config: { topologyPerturbations: [{ tick: 1, failure: { kind: 'crash', site: 'B' } }] },
    events: ['faulted'],
    fault: 'spec_fault',
  },
  {
    name: 'progress tokens consumed: no_progress_token',
    image: twoReceives,
    config: { initialProgressTokens: 1, progressTokenPolicy: 'consume' },
    events: ['sent', 'received', 'faulted'],
    fault: 'no_progress_token',
  },
  {
    name: 'progress_aware scheduling',
    image: twoReceives,
    config: { initialProgressTokens: 0, schedPolicy: { kind: 'progress_aware' } },
    events: ['sent', 'received', 'sent', 'received'],
  },
  {
    name: 'a per-edge drop buffer',
    image: twoReceives,
    schedule: [0, 1],
    config: {
      edgeBufferConfigs: [
        { sender: 'A', receiver: 'B', config: { mode: 'fifo', initialCapacity: 1, policy: { kind: 'drop' } } },
      ],
    },
    events: ['sent', 'faulted'],
    fault: 'flow_violation',
  },
];

const property = (id: string) => {
  const p = builtinProperties().find((q) => q.id === id);
  if (p === undefined) throw new Error(`built-in property ${id} is missing`);
  return p;
};
const implementations = defaultImplementations();

/** `expected` occurs in `actual` in order (a subsequence). */
function inOrder(actual: readonly string[], expected: readonly string[]): boolean {
  let i = 0;
  for (const k of actual) if (k === expected[i]) i += 1;
  return i === expected.length;
}

describe('Tier-2 surfaces on the cooperative and threaded engines', () => {
  for (const s of scenarios) {
    const run: ImageRunCase = {
      image: s.image,
      config: s.config,
      schedule: s.schedule ?? [],
      maxSteps: s.maxSteps ?? 64,
    };

    test(`${s.name}: the machine emits its events and agrees with the image executor`, async () => {
      const r = runCooperative(s.image, { config: s.config, maxSteps: run.maxSteps, schedule: run.schedule });
      if (!r.ok) throw new Error(r.error.message);
      const kinds = (r.value.diagnostics?.machine_trace ?? []).map((e) => String((e as { kind: string }).kind));
      expect({ kinds, inOrder: inOrder(kinds, s.events) }).toMatchObject({ inOrder: true });
      const faults = r.value.diagnostics?.faults ?? [];
      expect((faults[0]?.fault as { kind: string } | undefined)?.kind).toBe(s.fault);
      const verdict = await property('cooperative-vs-reference-images').check(run, { implementations, lanes: {} });
      expect(verdict).toMatchObject({ pass: true });
    });

    test(`${s.name}: threaded n = 1 and canonical n = 3 strict; waves n = 3 within the envelope`, async () => {
      const threadedImages = property('cooperative-vs-threaded-images');
      for (const [lanes, waves] of [
        [1, false],
        [1, true],
        [3, false],
        [3, true],
      ] as const) {
        const verdict = await threadedImages.check({ run, lanes, waves }, { implementations, lanes: {} });
        expect(verdict, `lanes ${lanes}, waves ${String(waves)}`).toMatchObject({ pass: true });
      }
    });
  }
});

describe('parity_fixtures_v2.rs failure_envelope_fixture_matches_cross_runtime', () => {
  test('crash A + partition A↔B on A→B m: cooperative vs threaded n = 2 in waves, failure class Exact or EnvelopeBounded', async () => {
    const config: Partial<MachineConfig> = {
      topologyPerturbations: [
        { tick: 1, failure: { kind: 'crash', site: 'A' } },
        { tick: 1, failure: { kind: 'partition', edges: both } },
      ],
    };
    const coop = runCooperative(simple, { config, maxSteps: 64 });
    const threaded = await runThreaded(simple, {
      config,
      maxSteps: 64,
      lanes: 2,
      workers: 1,
      mode: 'wave_parallel_extension',
    });
    if (!coop.ok || !threaded.ok) throw new Error('run failed');
    const judgement = judgeEnvelope(coop.value, threaded.value);
    expect(['Exact', 'EnvelopeBounded']).toContain(judgement.envelopeDiff?.failure_visible_diff_class);
    expect(judgement.gates.G1).toBe(true);
    for (const side of [coop.value, threaded.value]) {
      expect(side.diagnostics?.failure_visible).toMatchObject({
        crashed_sites: ['A'],
        partitioned_edges: [
          ['A', 'B'],
          ['B', 'A'],
        ],
      });
    }
  });
});

describe('the Tier-2 configuration fields in the bridge configuration JSON', () => {
  const full: Partial<MachineConfig> = {
    guardLayers: ['g', { id: 'h', active: false }, { id: 'k', active: true, denied: true }],
    flowPolicy: {
      kind: 'predicate',
      predicate: {
        kind: 'any',
        predicates: [{ kind: 'endpoint_role_matches_target' }, { kind: 'fact_contains', fragment: 'x' }],
      },
    },
    edgeBufferConfigs: [
      {
        sender: 'A',
        receiver: 'B',
        sid: 0,
        config: { mode: 'latest_value', initialCapacity: 2, policy: { kind: 'drop' } },
      },
    ],
    topologyPerturbations: [
      { tick: 1, failure: { kind: 'crash', site: 'A' } },
      { tick: 2, failure: { kind: 'partition', edges: both } },
      { tick: 3, failure: { kind: 'heal', edges: both } },
      { tick: 4, failure: { kind: 'corrupt', edge: ab, seqNo: 1 } },
      { tick: 5, failure: { kind: 'timeout', edge: ab, deadline: 9 } },
    ],
    initialProgressTokens: 2,
    progressTokenPolicy: 'consume',
    speculationEnabled: true,
    maxSpeculationDepth: 3,
  };

  const resolved = (partial: Partial<MachineConfig>): MachineConfig => {
    const r = resolveMachineConfig(partial);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  test('encode then decode gives the same configuration', () => {
    const config = resolved(full);
    const decoded = decodeMachineConfig(JSON.parse(JSON.stringify(encodeMachineConfig(config))));
    expect(decoded).toEqual({ ok: true, value: config });
  });

  test('malformed Tier-2 fields are configuration errors naming the field', () => {
    const encoded = encodeMachineConfig(resolved({}));
    const bad = (patch: Record<string, unknown>) => {
      const r = decodeMachineConfig({ ...encoded, ...patch });
      return r.ok ? null : r.error.message;
    };
    expect(bad({ progress_token_policy: 'spend' })).toMatch(/progress_token_policy/);
    expect(bad({ topology_perturbations: [{ tick: 1 }] })).toMatch(/topology_perturbations\[0\]/);
    expect(bad({ initial_progress_tokens: -1 })).toMatch(/initial_progress_tokens/);
  });
});
