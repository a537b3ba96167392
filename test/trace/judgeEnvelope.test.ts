import { describe, expect, test } from 'vitest';
import { decodeEnvelopeDiff } from '../../src/trace/decodeEnvelopeDiff.js';
import { judgeEnvelope } from '../../src/trace/judgeEnvelope.js';
import type { DeviationEntry } from '../../src/trace/checkDeviations.js';
import type { RunResult } from '../../src/types/bridge.js';
import {
  clientServerTrace,
  faulted,
  halted,
  opened,
  output,
  received,
  result,
  sent,
  stepState,
  twoPartySessions,
} from './_fixtures.js';

const coop = result(output(clientServerTrace), 'cooperative');
const wave = (n: number, width: number) => ({ lanes: n, mode: 'wave_parallel_extension', max_wave_width: width });

function threadedOf(r: RunResult, n: number, width: number, mode = 'wave_parallel_extension'): RunResult {
  return result({ ...r.output, concurrency: n }, 'threaded', { lanes: n, mode, max_wave_width: width });
}

describe('judgeEnvelope (bridge.md §11)', () => {
  describe('strict regime: n = 1 or canonical_one_step (§11.1)', () => {
    test('identical outputs pass with no classifier', () => {
      const j = judgeEnvelope(coop, threadedOf(coop, 1, 1));
      expect(j).toMatchObject({
        pass: true,
        regime: 'strict',
        lanes: 1,
        envelopeDiff: null,
        gates: { strict: true, G1: null, G2: null, G3: null },
        failures: [],
      });
    });

    test('concurrency 0 is treated as 1', () => {
      const zero = result({ ...coop.output, concurrency: 0 }, 'threaded', {
        lanes: 0,
        mode: 'wave_parallel_extension',
        max_wave_width: 1,
      });
      expect(judgeEnvelope(result({ ...coop.output, concurrency: 0 }, 'cooperative'), zero)).toMatchObject({
        regime: 'strict',
        lanes: 1,
        pass: true,
      });
    });

    test('a step_states difference is kind steps at the first differing step', () => {
      const cand = result(
        { ...coop.output, step_states: [stepState(0), stepState(1), stepState(2, { ready_queue: [1] })] },
        'threaded',
        wave(1, 1),
      );
      const j = judgeEnvelope(coop, cand);
      expect(j.pass).toBe(false);
      expect(j.divergence).toMatchObject({
        kind: 'steps',
        leftIndex: 2,
        rightIndex: 2,
        leftLane: 'cooperative',
        rightLane: 'threaded',
      });
      expect(j.failures).toEqual([
        'strict equality: step_states entry 2 differs in ready_queue: cooperative and threaded executed different steps',
      ]);
    });

    test('raw ticks count: a per-session-equivalent retiming fails strictly', () => {
      const t = clientServerTrace.map((e, i) => (i === 2 ? { ...e, tick: 3 } : e));
      expect(judgeEnvelope(coop, result(output(t), 'threaded', wave(1, 1))).divergence).toMatchObject({
        kind: 'different',
        leftIndex: 2,
      });
    });

    test('canonical_one_step at n = 4 is judged strictly', () => {
      const cand = threadedOf(coop, 4, 1, 'canonical_one_step');
      const j = judgeEnvelope(result({ ...coop.output, concurrency: 4 }, 'cooperative'), cand);
      expect(j).toMatchObject({ regime: 'strict', lanes: 4, mode: 'canonical_one_step', pass: true });
    });
  });

  describe('envelope regime: n > 1 (§11.2–11.4)', () => {
    // 8 sessions of one A->B message (telltale's envelope_bounded_parity_holds_for_n_gt_1 shape), n = 4.
    const sessions = 8;
    const sequential = twoPartySessions(
      Array.from(
        { length: sessions },
        (_, s) =>
          [
            [s, 'send'],
            [s, 'recv'],
          ] as const,
      ).flat(),
      sessions,
    );
    const waves = twoPartySessions(
      [
        ...Array.from({ length: sessions }, (_, s) => [s, 'send'] as const),
        ...Array.from({ length: sessions }, (_, s) => [s, 'recv'] as const),
      ],
      sessions,
    );
    const base = result(output(sequential, { concurrency: 4 }), 'cooperative');

    test('same global order: Exact, everything passes', () => {
      const j = judgeEnvelope(base, result(output(sequential, { concurrency: 4 }), 'threaded', wave(4, 1)));
      expect(j.envelopeDiff).toEqual({
        schema_version: 'protocol_machine.envelope_diff.v1',
        baseline_engine: 'cooperative',
        candidate_engine: 'threaded',
        scheduler_permutation_class: 'Exact',
        wave_width_bound: { baseline_max_wave_width: 1, candidate_max_wave_width: 1, declared_upper_bound: 4 },
        effect_ordering_class: 'Exact',
        failure_visible_diff_class: 'Exact',
        effect_determinism_tier: 'strict_deterministic',
      });
      expect(j).toMatchObject({
        pass: true,
        regime: 'envelope',
        gates: { strict: null, G1: true, G2: true, G3: null },
      });
    });

    test('interleaved sessions, per-session order kept: SessionNormalizedPermutation, G3 passes when gated', () => {
      const cand = result(output(waves, { concurrency: 4 }), 'threaded', wave(4, 4));
      const j = judgeEnvelope(base, cand, { sessionOrder: true });
      expect(j.envelopeDiff?.scheduler_permutation_class).toBe('SessionNormalizedPermutation');
      expect(j).toMatchObject({ pass: true, gates: { G1: true, G2: true, G3: true } });
    });

    test('G1: a wave wider than the declared bound fails, whatever else holds', () => {
      const j = judgeEnvelope(base, result(output(sequential, { concurrency: 4 }), 'threaded', wave(4, 5)));
      expect(j).toMatchObject({ pass: false, gates: { G1: false, G2: true } });
      expect(j.failures).toEqual([
        'G1 within_declared_bound: candidate max wave width 5 exceeds the declared upper bound 4',
      ]);
    });

    // One role sends twice before its partner receives in one engine, not in the other (§11.3).
    const twice = (order: 'interleaved' | 'batched', extra = false) => {
      const t = [opened(0, 'A,B'), opened(1, 'A,B')];
      if (order === 'interleaved')
        t.push(
          sent(0, 'A', 'B', 'x', 1),
          received(0, 'A', 'B', 'x', 2),
          sent(1, 'A', 'B', 'y', 3),
          sent(0, 'A', 'B', 'z', 4),
          received(1, 'A', 'B', 'y', 5),
          received(0, 'A', 'B', 'z', 6),
        );
      else
        t.push(
          sent(0, 'A', 'B', 'x', 1),
          sent(0, 'A', 'B', 'z', 1),
          sent(1, 'A', 'B', 'y', 1),
          received(0, 'A', 'B', 'x', 2),
          received(1, 'A', 'B', 'y', 2),
          received(0, 'A', 'B', 'z', 3),
        );
      if (extra) t.push(sent(1, 'A', 'B', 'w', 9));
      t.push(halted(0, 10), halted(1, 10));
      return t;
    };

    test('per-session order differs (EnvelopeBounded): G2 passes, G3 gates only with sessionOrder', () => {
      const b = result(output(twice('interleaved'), { concurrency: 2 }), 'cooperative');
      const c = result(output(twice('batched'), { concurrency: 2 }), 'threaded', wave(2, 2));
      const j = judgeEnvelope(b, c);
      expect(j.envelopeDiff?.scheduler_permutation_class).toBe('EnvelopeBounded');
      expect(j.envelopeDiff?.effect_ordering_class).toBe('Exact');
      expect(j).toMatchObject({ pass: true, gates: { G1: true, G2: true, G3: null } });
      const gated = judgeEnvelope(b, c, { sessionOrder: true });
      expect(gated).toMatchObject({ pass: false, gates: { G3: false } });
      expect(gated.failures[0]).toMatch(/^G3 session order/);
    });

    test('G2, both completed: a role-local sequence differs', () => {
      const b = result(output(twice('interleaved'), { concurrency: 2 }), 'cooperative');
      const c = result(output(twice('batched', true), { concurrency: 2 }), 'threaded', wave(2, 2));
      const j = judgeEnvelope(b, c);
      expect(j).toMatchObject({ pass: false, gates: { G2: false } });
      expect(j.failures).toEqual([
        'G2 role-local rule: role A of session 1: events must be equal (both runs completed); cooperative [sent A->B "y"], threaded [sent A->B "y", sent A->B "w"]',
      ]);
    });

    test('G2, a stuck run: prefixes pass, a diverging role or a different end fails', () => {
      const full = twice('interleaved');
      const b = result(output(full, { concurrency: 2 }), 'cooperative');
      const prefix = result(output(full.slice(0, 5), { concurrency: 2, status: 'stuck' }), 'threaded', wave(2, 2));
      expect(judgeEnvelope(b, prefix).pass).toBe(true);
      const other = result(
        output([...full.slice(0, 4), sent(0, 'A', 'B', 'q', 4)], { status: 'stuck', concurrency: 2 }),
        'threaded',
        wave(2, 2),
      );
      expect(judgeEnvelope(b, other).failures[0]).toMatch(
        /role A of session 0: events must be a prefix of one another/,
      );
      const ends = result(
        output([...full.slice(0, -2), faulted(0, 'type_violation', 10)], { status: 'stuck', concurrency: 2 }),
        'threaded',
        wave(2, 2),
      );
      expect(judgeEnvelope(b, ends).failures).toEqual([
        'G2 role-local rule: coroutine 0 ends differently: cooperative halted, threaded faulted (type_violation)',
      ]);
    });

    test('G2: opened events must be identical', () => {
      const b = result(output(sequential, { concurrency: 4 }), 'cooperative');
      const c = result(
        output(
          sequential.map((e, i) => (i === 0 ? { ...e, role: 'A,C' } : e)),
          { concurrency: 4 },
        ),
        'threaded',
        wave(4, 2),
      );
      expect(judgeEnvelope(b, c).failures[0]).toMatch(/^G2 role-local rule: opened events differ/);
    });

    test('failure-visible differences are reported (EnvelopeBounded), never gated', () => {
      const c = result(output(sequential, { concurrency: 4 }), 'threaded', wave(4, 2));
      const crashed: RunResult = {
        ...c,
        diagnostics: {
          ...c.diagnostics!,
          failure_visible: { crashed_sites: ['B'], partitioned_edges: [], corrupted_edges: [], timed_out_sites: [] },
        },
      };
      const j = judgeEnvelope(base, crashed);
      expect(j.envelopeDiff?.failure_visible_diff_class).toBe('EnvelopeBounded');
      expect(j.pass).toBe(true);
      const dup: RunResult = {
        ...c,
        diagnostics: {
          ...c.diagnostics!,
          failure_visible: {
            crashed_sites: [],
            partitioned_edges: [
              ['A', 'B'],
              ['A', 'B'],
            ],
            corrupted_edges: [],
            timed_out_sites: [],
          },
        },
      };
      const baseDup: RunResult = {
        ...base,
        diagnostics: {
          ...base.diagnostics!,
          failure_visible: {
            crashed_sites: [],
            partitioned_edges: [['A', 'B']],
            corrupted_edges: [],
            timed_out_sites: [],
          },
        },
      };
      expect(judgeEnvelope(baseDup, dup).envelopeDiff?.failure_visible_diff_class).toBe('Exact');
    });

    test('effect ordering: sorted by (ordering_key, effect_id, effect_kind); otherwise ReplayDeterministic or EnvelopeBounded', () => {
      const e1 = { effect_id: 1, effect_kind: 'send_decision', ordering_key: 1 };
      const e2 = { effect_id: 2, effect_kind: 'send_decision', ordering_key: 2 };
      const b = result(output(sequential, { concurrency: 4, effect_trace: [e1, e2] }), 'cooperative');
      const same = result(output(waves, { concurrency: 4, effect_trace: [e2, e1] }), 'threaded', wave(4, 2));
      expect(judgeEnvelope(b, same).envelopeDiff?.effect_ordering_class).toBe('Exact');
      const fewer = result(output(waves, { concurrency: 4, effect_trace: [e1] }), 'threaded', wave(4, 2));
      expect(judgeEnvelope(b, fewer).envelopeDiff?.effect_ordering_class).toBe('ReplayDeterministic');
    });

    test('a deviation covering a gate waives it and says which', () => {
      const dev: DeviationEntry = {
        id: 'TH-DEV-01',
        owner: 'threaded',
        status: 'active',
        reason: 'r',
        impact: 'i',
        alternatives: [],
        revisit: '2999-01-01',
        covers: ['threaded.envelope.wave_width_bound'],
        follows: 'rust',
      };
      const j = judgeEnvelope(base, result(output(sequential, { concurrency: 4 }), 'threaded', wave(4, 5)), {
        deviations: [dev],
      });
      expect(j.pass).toBe(true);
      expect(j.waived.map((w) => [w.deviation, w.scope])).toEqual([
        ['TH-DEV-01', 'threaded.envelope.wave_width_bound'],
      ]);
    });
  });

  test('accepts lane Results; a failed run is rejected with its code', () => {
    expect(judgeEnvelope({ ok: true, value: coop }, { ok: true, value: threadedOf(coop, 1, 1) }).pass).toBe(true);
    expect(() => judgeEnvelope(coop, { ok: false, error: { code: 'TimedOut', message: 'slow' } })).toThrow(
      'candidate is a failed run (TimedOut: slow)',
    );
  });

  test('rejects inputs that are not engine results', () => {
    expect(() => judgeEnvelope({} as never, coop)).toThrow(/judgeEnvelope takes engine results/);
  });
});

describe('decodeEnvelopeDiff (bridge.md §11.2)', () => {
  const valid = {
    schema_version: 'protocol_machine.envelope_diff.v1',
    baseline_engine: 'cooperative',
    candidate_engine: 'threaded',
    scheduler_permutation_class: 'SessionNormalizedPermutation',
    wave_width_bound: { baseline_max_wave_width: 1, candidate_max_wave_width: 3, declared_upper_bound: 4 },
    effect_ordering_class: 'Exact',
    failure_visible_diff_class: 'Exact',
    effect_determinism_tier: 'envelope_bounded_nondeterministic',
  };

  test('round-trips the spec example and judgeEnvelope output', () => {
    expect(decodeEnvelopeDiff(JSON.parse(JSON.stringify(valid)))).toEqual({ ok: true, value: valid });
  });

  test('schema_version: a wrong string or a number is rejected with telltale text', () => {
    expect(decodeEnvelopeDiff({ ...valid, schema_version: 'v0' })).toEqual({
      ok: false,
      error: {
        code: 'UnsupportedSchemaVersion',
        path: '$.schema_version',
        message: "unsupported schema_version 'v0'; expected 'protocol_machine.envelope_diff.v1'",
      },
    });
    expect(decodeEnvelopeDiff({ ...valid, schema_version: 1 })).toMatchObject({
      ok: false,
      error: { code: 'UnsupportedSchemaVersion' },
    });
    expect(decodeEnvelopeDiff({ ...valid, effect_ordering_class: 'Loose' })).toMatchObject({
      ok: false,
      error: { path: '$.effect_ordering_class' },
    });
  });
});
