/**
 * Issue #12 item 4 on the lanes (projection.md §3.2): a choreography nested 1k, 10k or 100k levels
 * deep gets the same answer — output or error — from the cooperative, threaded and reference
 * lanes. The engines used to answer a ParseError ("nesting too deep") the reference never gives,
 * a disagreement caused only by their stack. Behaviour only here; times are in
 * bench/reliability.bench.ts.
 */
import { describe, expect, test } from 'vitest';
import { parseRunRequestText } from '../../src/bridge/checkRunRequest.js';
import { run, type LaneName } from '../../src/bridge/run.js';
import { createThreadedPool } from '../../src/threaded/createThreadedPool.js';
import { runThreaded } from '../../src/threaded/runThreaded.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { strictlyEqual } from '../../src/trace/strictlyEqual.js';
import type { RunRequest, RunResult } from '../../src/types/bridge.js';
import type { BridgeError } from '../../src/types/errors.js';
import type { Result } from '../../src/types/result.js';

const label = (name: string, sort = '"unit"'): string => `{"name":"${name}","sort":${sort}}`;
const comm = (s: string, r: string, branches: readonly (readonly [string, string])[]): string =>
  `{"kind":"comm","sender":"${s}","receiver":"${r}","branches":[${branches.map(([l, c]) => `{"label":${l},"continuation":${c}}`).join(',')}]}`;

/** `n` levels of `open(i)` around `leaf`, written as text (JSON.stringify recurses). */
function nest(n: number, open: (i: number) => readonly [string, string], leaf: string): string {
  const heads: string[] = [];
  const tails: string[] = [];
  for (let i = 0; i < n; i++) {
    const [head, tail] = open(i);
    heads.push(head);
    tails.push(tail);
  }
  return heads.join('') + leaf + tails.reverse().join('');
}

const commHead = (s: string, r: string, rest = ''): readonly [string, string] => [
  `{"kind":"comm","sender":"${s}","receiver":"${r}","branches":[{"label":${label('m')},"continuation":`,
  `}${rest}]}`,
];

/** The shapes of the issue: global type text of about `n` levels. */
const shapes: Record<string, (n: number) => string> = {
  // rec X0. rec X1. … A→B:m. X0 — a loop through n binders.
  'nested rec': (n) =>
    nest(
      n,
      (i) => [`{"kind":"rec","var":"X${i}","body":`, '}'],
      comm('A', 'B', [[label('m'), '{"kind":"var","name":"X0"}']]),
    ),
  // A→B:m. B→A:m. … end — every message a step.
  'comm chain': (n) => nest(n, (i) => (i % 2 === 0 ? commHead('A', 'B') : commHead('B', 'A')), '{"kind":"end"}'),
  // rec T. A→B:m. rec X1. A→B:m. rec X3. … T — binders between messages, the loop back to the top.
  'rec inside comm': (n) =>
    `{"kind":"rec","var":"T","body":${nest(
      n,
      (i) => (i % 2 === 0 ? commHead('A', 'B') : [`{"kind":"rec","var":"X${i}","body":`, '}']),
      '{"kind":"var","name":"T"}',
    )}}`,
  // Every level a three-way choice whose first branch goes on.
  'wide and deep': (n) =>
    nest(
      n,
      () => [
        `{"kind":"comm","sender":"A","receiver":"B","branches":[{"label":${label('m')},"continuation":`,
        `},{"label":${label('x')},"continuation":{"kind":"end"}},{"label":${label('y', '"nat"')},"continuation":${comm('B', 'A', [[label('y'), '{"kind":"end"}']])}}]}`,
      ],
      '{"kind":"end"}',
    ),
  // Two-way choices with C told only in the second branch: C's projection differs between branches
  // (rejected: validation_failed).
  'wide and deep, rejected': (n) =>
    nest(
      n,
      () => [
        `{"kind":"comm","sender":"A","receiver":"B","branches":[{"label":${label('m')},"continuation":`,
        `},{"label":${label('x')},"continuation":${comm('B', 'C', [[label('x'), '{"kind":"end"}']])}}]}`,
      ],
      '{"kind":"end"}',
    ),
  // A label sort nested n levels deep (the Lean decoder has no depth limit for sorts either).
  'deep sort': (n) =>
    comm('A', 'B', [
      [
        label('m', `${'{"prod":['.repeat(n)}"unit"${',"nat"]}'.repeat(n)}`),
        comm('B', 'A', [[label('k'), '{"kind":"end"}']]),
      ],
    ]),
};

const request = (global: string, roles: string): string =>
  `{"schema_version":"lean_bridge.v1","choreographies":[{"schema_version":"lean_bridge.v1","global_type":${global},"roles":${roles}}],"concurrency":1,"max_steps":6}`;

const rolesOf = (shape: string): string => (shape.endsWith('rejected') ? '["A","B","C"]' : '["A","B"]');

/** The answer of a lane, as compared across lanes: the output (diagnostics aside) or the error. */
function sameAnswer(a: Result<RunResult, BridgeError>, b: Result<RunResult, BridgeError>, lanes: string): void {
  if (!a.ok || !b.ok) {
    expect(b.ok ? null : b.error, lanes).toEqual(a.ok ? null : a.error);
    return;
  }
  const verdict = strictlyEqual(a.value, b.value, { leftLane: 'cooperative', rightLane: lanes });
  expect(verdict.divergence?.explanation ?? null, lanes).toBeNull();
}

// Every shape at 1k and 10k levels; at 100k the shapes that stay cheap under load (a 100k-level comm
// chain renders 100k-deep step states on three lanes: its times are in bench/reliability.bench.ts).
const cases: readonly (readonly [number, string])[] = [
  ...[1_000, 10_000].flatMap((n) => Object.keys(shapes).map((shape) => [n, shape] as const)),
  ...['nested rec', 'wide and deep, rejected', 'deep sort'].map((shape) => [100_000, shape] as const),
];

describe('cooperative, threaded and reference agree on deep choreographies', () => {
  test.each(cases)('%i levels: %s', async (n, shape) => {
    const parsed = parseRunRequestText(request((shapes[shape] as (n: number) => string)(n), rolesOf(shape)));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const answers = new Map<LaneName, Result<RunResult, BridgeError>>();
    for (const lane of ['cooperative', 'threaded', 'reference'] as const)
      answers.set(lane, await run(parsed.value, { lane }));
    const coop = answers.get('cooperative') as Result<RunResult, BridgeError>;
    // Never the old stack-overflow answer, on any lane.
    for (const [lane, r] of answers) expect(r.ok ? '' : r.error.message, lane).not.toContain('nesting too deep');
    // The rejected shape is rejected for its projection; every other shape runs.
    const outcome = coop.ok ? (coop.value.output.steps_executed > 0 ? 'ran' : 'no step') : coop.error.code;
    expect(outcome).toBe(shape.endsWith('rejected') ? 'validation_failed' : 'ran');
    sameAnswer(coop, answers.get('threaded') as Result<RunResult, BridgeError>, 'threaded');
    sameAnswer(coop, answers.get('reference') as Result<RunResult, BridgeError>, 'reference');
  });
});

describe('the threaded engine on worker threads, 30k levels deep (structured clone overflowed far below)', () => {
  test('hands a deep input to its workers and agrees with the cooperative engine', async () => {
    const global = (shapes['comm chain'] as (n: number) => string)(30_000);
    const choreography = `{"schema_version":"lean_bridge.v1","global_type":${global},"roles":["A","B"]}`;
    const parsed = parseRunRequestText(
      `{"schema_version":"lean_bridge.v1","choreographies":[${choreography},${choreography}],"concurrency":2,"max_steps":40}`,
    );
    if (!parsed.ok) throw new Error(parsed.error.message);
    const request = parsed.value as RunRequest;
    const pool = createThreadedPool({ workers: 1 });
    try {
      for (const mode of ['canonical_one_step', 'wave_parallel_extension'] as const) {
        // No step states: only then do rounds go to the pool's thread.
        const threaded = await runThreaded(request, { pool, workers: 2, mode, stepStates: false });
        expect(threaded.ok ? null : threaded.error, mode).toBeNull();
        // Canonical mode equals the cooperative engine; wave mode only has to run its 40 steps.
        const expected = mode === 'canonical_one_step' ? runCooperative(request, { stepStates: false }) : threaded;
        sameAnswer(expected, threaded, mode);
        expect(threaded.ok && threaded.value.output.steps_executed).toBe(40);
      }
    } finally {
      await pool.close();
    }
  });
});
