import { mkdtempSync, readFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readCorpus } from '../../src/corpus/readCorpus.js';
import { builtinProperties } from '../../src/fuzz/builtinProperties.js';
import { defaultImplementations } from '../../src/fuzz/implementations.js';
import { failed, passed } from '../../src/fuzz/verdicts.js';
import { replayCorpus } from '../../src/fuzz/replayCorpus.js';
import { kInterruptGraceMs } from '../../src/fuzz/campaignDefaults.js';
import { runCampaign } from '../../src/fuzz/runCampaign.js';
import type { CampaignReport, FuzzProperty } from '../../src/fuzz/types.js';
import { Heap } from '../../src/heap/Heap.js';
import { testSeed } from '../_helpers/seed.js';

// Planted bug in a real module: the heap under-reports its nullifiers once two or more are consumed.
class MiscountingHeap extends Heap {
  override get nullifiedCount(): number {
    return super.nullifiedCount > 1 ? super.nullifiedCount - 1 : super.nullifiedCount;
  }
}

const SEED = testSeed(20261125);

// Planted bug: sums of 3+ numbers above 150 "fail"; shrinks to a small array.
const planted: FuzzProperty<number[]> = {
  id: 'planted-sum',
  description: 'planted: array sums stay below 150',
  arbitrary: () => fc.array(fc.nat(100), { maxLength: 8 }),
  check: (xs) =>
    xs.reduce((a, b) => a + b, 0) < 150
      ? passed()
      : failed(`sum ${xs.reduce((a, b) => a + b, 0)} >= 150`, { kind: 'status', left: 'completed', right: 'stuck' }),
};

// Records every generated input, never fails: shows which cases a campaign ran.
function recorder(seen: string[]): FuzzProperty<[number, string]> {
  return {
    id: 'recorder',
    description: 'records its inputs',
    arbitrary: () => fc.tuple(fc.integer(), fc.string({ maxLength: 4 })),
    check: (input) => {
      seen.push(JSON.stringify(input));
      return passed();
    },
  };
}

const stable = (r: CampaignReport) => ({
  seed: r.seed,
  budget: r.budget,
  properties: r.properties.map(({ seconds: _s, casesPerSecond: _c, ...rest }) => rest),
  // Times are not part of what a seed fixes: the detection's cases are, its milliseconds are not.
  counterexamples: r.counterexamples.map((c) =>
    c.detection === undefined ? c : { ...c, detection: { ...c.detection, ms: 0 } },
  ),
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-fuzz-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe(`runCampaign (seed ${SEED})`, () => {
  test('a planted failure is shrunk, saved once, and its seed + path regenerate the saved input', async () => {
    const corpusDir = join(dir, 'corpora');
    const report = await runCampaign({
      seed: SEED,
      runs: 200,
      extraProperties: [planted],
      properties: ['planted-sum'],
      corpusDir,
    });
    const line = report.properties[0];
    expect(line?.failures).toBe(1);
    const c = report.counterexamples[0];
    expect(c?.property).toBe('planted-sum');
    const input = c?.input as number[];
    expect(input.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(150);
    expect(c?.corpusFile).toMatch(/planted-sum[/\\][0-9a-f]{64}\.msgpack$/);
    expect(line?.counterexamples).toStrictEqual([c?.corpusFile]);

    const { entries, problems } = readCorpus(corpusDir);
    expect(problems).toStrictEqual([]);
    expect(entries).toHaveLength(1);
    const saved = entries[0]!.entry;
    expect(saved.input).toStrictEqual(input);
    expect(saved.failure.summary).toMatch(/>= 150/);
    expect(saved.failure.divergence).toStrictEqual({ kind: 'status', left: 'completed', right: 'stuck' });
    expect(saved.campaignSeed).toBe(String(SEED));

    // Replay with the saved seed and path: fast-check regenerates exactly the shrunk input.
    const again = await fc.check(
      fc.asyncProperty(planted.arbitrary({} as never), async (xs) => {
        const v = await planted.check(xs, {} as never);
        if (!v.pass) throw new Error(v.summary);
      }),
      { seed: saved.seed, path: saved.path, numRuns: 1 },
    );
    expect(again.failed).toBe(true);
    expect(again.counterexample?.[0]).toStrictEqual(saved.input);

    // Replay of the corpus entry itself still fails; the same campaign again stores nothing new.
    const replay = await replayCorpus(corpusDir, { extraProperties: [planted] });
    expect(replay.entries.map((e) => e.status)).toStrictEqual(['failing']);
    await runCampaign({ seed: SEED, runs: 200, extraProperties: [planted], properties: ['planted-sum'], corpusDir });
    expect(readdirSync(join(corpusDir, 'planted-sum'))).toHaveLength(1);
  });

  test('same seed and runs give the same cases and report', async () => {
    const a: string[] = [];
    const b: string[] = [];
    const r1 = await runCampaign({
      seed: SEED,
      runs: 95,
      extraProperties: [recorder(a), planted],
      properties: ['recorder', 'planted-sum'],
      corpusDir: null,
    });
    const r2 = await runCampaign({
      seed: SEED,
      runs: 95,
      extraProperties: [recorder(b), planted],
      properties: ['recorder', 'planted-sum'],
      corpusDir: null,
    });
    expect(a).toHaveLength(95);
    expect(b).toStrictEqual(a);
    expect(stable(r2)).toStrictEqual(stable(r1));
    const other: string[] = [];
    await runCampaign({
      seed: SEED + 1,
      runs: 95,
      extraProperties: [recorder(other)],
      properties: ['recorder'],
      corpusDir: null,
    });
    expect(other).not.toStrictEqual(a);
  });

  test('the union of n shards is the whole campaign, and shards do not overlap', async () => {
    const whole: string[] = [];
    await runCampaign({
      seed: SEED,
      runs: 130,
      chunkSize: 20,
      extraProperties: [recorder(whole)],
      properties: ['recorder'],
      corpusDir: null,
    });
    const parts: string[][] = [];
    for (let index = 1; index <= 3; index += 1) {
      const part: string[] = [];
      const r = await runCampaign({
        seed: SEED,
        runs: 130,
        chunkSize: 20,
        shard: { index, count: 3 },
        extraProperties: [recorder(part)],
        properties: ['recorder'],
        corpusDir: null,
      });
      expect(r.budget.shard).toBe(`${index}/3`);
      expect(r.properties[0]?.cases).toBe(part.length);
      parts.push(part);
    }
    expect(parts.every((p) => p.length > 0)).toBe(true);
    expect(parts.flat().sort()).toStrictEqual([...whole].sort());
    expect(parts.flat()).toHaveLength(130);
  });

  test('a property whose set-up is missing is SKIPPED with its reason, not passed', async () => {
    const needy: FuzzProperty<number> = {
      id: 'needy',
      description: 'needs a lane',
      arbitrary: () => fc.nat(),
      check: () => passed(),
      requires: () => 'no Lean runner configured',
    };
    const updates: string[] = [];
    const report = await runCampaign({
      seed: SEED,
      runs: 10,
      extraProperties: [needy],
      properties: ['needy'],
      corpusDir: null,
      onProgress: (p) => updates.push(p.properties.map((q) => q.skipped ?? '').join()),
    });
    expect(report.properties).toStrictEqual([
      {
        id: 'needy',
        description: 'needs a lane',
        status: 'skipped',
        cases: 0,
        failures: 0,
        seconds: 0,
        casesPerSecond: 0,
        skipped: 'no Lean runner configured',
        counterexamples: [],
      },
    ]);
    expect(report.counterexamples).toStrictEqual([]);
    expect(report.status).toBe('nothing-checked');
    // the progress output announces the skip before any case runs
    expect(updates[0]).toBe('no Lean runner configured');
  });

  test('a time budget stops the campaign', async () => {
    const seen: string[] = [];
    // Long enough for a first case on a loaded CI machine (150 ms once ran none at load 8).
    const started = performance.now();
    const report = await runCampaign({
      seed: SEED,
      timeMs: 600,
      extraProperties: [recorder(seen)],
      properties: ['recorder'],
      corpusDir: null,
    });
    expect(report.budget).toMatchObject({ runs: null, timeMs: 600 });
    // It stops at the budget (a recorder case takes microseconds), with room for a loaded machine.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(report.properties[0]?.cases).toBe(seen.length);
    expect(seen.length).toBeGreaterThan(0);
  });

  test('a check that throws is a finding, not a crash', async () => {
    const crashing: FuzzProperty<number> = {
      id: 'crashing',
      description: 'throws',
      arbitrary: () => fc.nat(),
      check: (n) => {
        if (n > 5) throw new RangeError('boom');
        return passed();
      },
    };
    const report = await runCampaign({
      seed: SEED,
      runs: 50,
      extraProperties: [crashing],
      properties: ['crashing'],
      corpusDir: null,
    });
    expect(report.counterexamples[0]?.summary).toBe('the check threw RangeError: boom');
    expect(report.counterexamples[0]?.input).toBe(6);
    expect(report.counterexamples[0]?.corpusFile).toBeNull();
  });

  test('writes JSON and Markdown reports', async () => {
    const json = join(dir, 'report.json');
    const md = join(dir, 'report.md');
    await runCampaign({
      seed: SEED,
      runs: 40,
      extraProperties: [planted],
      properties: ['planted-sum'],
      corpusDir: join(dir, 'c'),
      report: json,
    });
    await runCampaign({
      seed: SEED,
      runs: 40,
      extraProperties: [planted],
      properties: ['planted-sum'],
      corpusDir: join(dir, 'c'),
      report: md,
    });
    // Issue #13 §3: the JSON report is a versioned document that holds the verdict, the campaign's
    // numbers and each counterexample with what reproduces it (it used to hold file paths only).
    const doc = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(doc)).toStrictEqual([
      'schema',
      'schemaVersion',
      'status',
      'version',
      'node',
      'startedAt',
      'wallMs',
      'seed',
      'budget',
      'lanes',
      'corpusDir',
      'totals',
      'properties',
      'counterexamples',
      'warnings',
    ]);
    expect(doc).toMatchObject({ schema: 'telltale-parity/fuzz-report', schemaVersion: 1, status: 'failed' });
    expect(doc.seed).toBe(String(SEED));
    expect(doc.node).toBe(process.version);
    expect(Date.parse(String(doc.startedAt))).not.toBeNaN();
    const [p] = doc.properties as Record<string, unknown>[];
    expect(Object.keys(p ?? {})).toStrictEqual([
      'id',
      'description',
      'status',
      'cases',
      'failures',
      'seconds',
      'casesPerSecond',
      'counterexamples',
      // Issue #11 §3-4: what was generated, and the seed pool.
      'statistics',
      'pool',
    ]);
    expect(p?.statistics).toMatchObject({ swarm: expect.any(Object) });
    expect(p?.failures).toBe(1);
    expect(p?.status).toBe('failed');
    const [c] = doc.counterexamples as Record<string, unknown>[];
    expect(c).toMatchObject({
      property: 'planted-sum',
      summary: expect.stringMatching(/^sum \d+ >= 150$/),
      divergence: { kind: 'status' },
      corpusFile: expect.stringMatching(/planted-sum/),
      replay: expect.stringMatching(/^telltale-parity replay .+planted-sum.+\.msgpack$/),
    });
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('| property | description | status | cases | failures | seconds | cases/s | notes |');
    expect(text).toMatch(/\| planted-sum \| planted: array sums stay below 150 \| failed \| \d+ \| 1 \|/);
    expect(text).toContain('### planted-sum');
    expect(existsSync(`${md}.tmp`)).toBe(false);
  });

  test('bad options are usage errors', async () => {
    await expect(runCampaign({ runs: 1, properties: ['no-such-property'], corpusDir: null })).rejects.toMatchObject({
      code: 'UsageError',
      message: expect.stringMatching(/unknown property 'no-such-property'/),
    });
    await expect(runCampaign({ runs: 1, shard: { index: 3, count: 2 }, corpusDir: null })).rejects.toMatchObject({
      code: 'UsageError',
    });
    await expect(runCampaign({ runs: -1, corpusDir: null })).rejects.toMatchObject({ code: 'UsageError' });
  });
});

describe(`planted bug through implementations (seed ${SEED})`, () => {
  test('heap-vs-model inputs, null-prototype records of fast-check, enter the seed pool in-process', async () => {
    const corpusDir = mkdtempSync(join(tmpdir(), 'tt-heap-pool-'));
    try {
      const report = await runCampaign({ seed: 1, runs: 100, properties: ['heap-vs-model'], workers: 1, corpusDir });
      expect(report.warnings.filter((w) => w.includes('seed pool'))).toStrictEqual([]);
      expect(readdirSync(join(corpusDir, '.pool', 'heap-vs-model')).length).toBeGreaterThan(0);
    } finally {
      rmSync(corpusDir, { recursive: true, force: true });
    }
  });

  test('heap-vs-model finds a miscounting heap; the entry replays from seed + path and from the corpus', async () => {
    const corpusDir = join(dir, 'corpora');
    const implementations = { createHeap: () => new MiscountingHeap() };
    const report = await runCampaign({
      seed: SEED,
      runs: 300,
      properties: ['heap-vs-model'],
      implementations,
      corpusDir,
    });
    const c = report.counterexamples[0];
    expect(c?.summary).toMatch(/nullified count 1, model 2/);
    const { entries } = readCorpus(corpusDir);
    expect(entries.map((e) => e.entry.property)).toStrictEqual(['heap-vs-model']);
    const saved = entries[0]!.entry;

    // fast-check regenerates the very input from the saved seed and path
    const property = builtinProperties().find((p) => p.id === 'heap-vs-model')!;
    const ctx = { implementations: { ...defaultImplementations(), ...implementations }, lanes: {} };
    const again = await fc.check(
      fc.asyncProperty(property.arbitrary(ctx), async (input) => {
        const v = await property.check(input, ctx);
        if (!v.pass) throw new Error(v.summary);
      }),
      { seed: saved.seed, path: saved.path, numRuns: 1 },
    );
    expect(again.counterexample?.[0]).toStrictEqual(c?.input);

    // replay: still failing with the bug, fixed with the real heap
    expect((await replayCorpus(corpusDir, { implementations })).entries.map((e) => e.status)).toStrictEqual([
      'failing',
    ]);
    expect((await replayCorpus(corpusDir)).entries.map((e) => e.status)).toStrictEqual(['fixed']);
  });
});

describe(`runCampaign worker pool (seed ${SEED})`, () => {
  test('a chunk that does not finish in time is a failure of its property, never a pass', async () => {
    const report = await runCampaign({
      seed: SEED,
      runs: 20,
      workers: 2,
      chunkTimeoutMs: 1,
      properties: ['heap-vs-model'],
      corpusDir: null,
    });
    expect(report.budget.workers).toBe(2);
    expect(report.properties[0]).toMatchObject({ id: 'heap-vs-model', cases: 0, failures: 1 });
    expect(report.warnings[0]).toMatch(
      /^heap-vs-model chunk 0 \(fast-check seed -?\d+, 20 cases\) did not finish: .*abort.*; rerun in-process with --workers 1/i,
    );
  });
});

describe('a time budget bounds shrinking too (issue #12 item 8)', () => {
  // Fails on every input and takes 100 ms a check: shrinking 40 elements down to 1
  // one by one takes far longer than the budget, so the cut is certain.
  const slow: FuzzProperty<number[]> = {
    id: 'slow-shrink',
    description: 'planted: slow checks, long shrink',
    arbitrary: () => fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 40, maxLength: 40 }),
    check: async (xs) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return xs.some((x) => x > 0) ? failed(`sum ${xs.reduce((a, b) => a + b, 0)}`) : passed();
    },
  };

  test('a cut shrink saves the smallest counterexample so far, marked as not fully shrunk', async () => {
    const corpusDir = join(dir, 'corpora');
    const report = await runCampaign({
      seed: SEED,
      timeMs: 1500,
      extraProperties: [slow],
      properties: ['slow-shrink'],
      corpusDir,
    });
    const [c] = report.counterexamples;
    expect(c).toMatchObject({ property: 'slow-shrink', fullyShrunk: false });
    expect(c?.numShrinks).toBeGreaterThan(0);
    const { entries } = readCorpus(corpusDir);
    expect(entries.map((e) => [e.entry.input, e.entry.fullyShrunk])).toStrictEqual([[c?.input, false]]);
    // Shrinking made progress (the input is smaller than any first draw) but did not finish.
    expect((c?.input as number[]).filter((x) => x > 1).length).toBeGreaterThan(0);
  });

  test('a signal while shrinking saves the smallest counterexample so far, marked as not fully shrunk', async () => {
    const corpusDir = join(dir, 'corpora-signal');
    const controller = new AbortController();
    let abortedAt = 0;
    const report = await runCampaign({
      seed: SEED,
      runs: 20,
      extraProperties: [slow],
      properties: ['slow-shrink'],
      corpusDir,
      signal: controller.signal,
      onProgress: (p) => {
        if (abortedAt === 0 && p.activity.some((a) => a.phase === 'shrinking')) {
          abortedAt = Date.now();
          controller.abort('SIGINT');
        }
      },
    });
    expect(abortedAt).toBeGreaterThan(0);
    // The check under way (100 ms) ended the chunk, long before the grace period.
    expect(Date.now() - abortedAt).toBeLessThan(kInterruptGraceMs / 2);
    expect(report.status).toBe('interrupted');
    expect(report.warnings.filter((w) => w.includes('was not saved'))).toStrictEqual([]);
    const [c] = report.counterexamples;
    expect(c).toMatchObject({ property: 'slow-shrink', fullyShrunk: false });
    const { entries } = readCorpus(corpusDir);
    expect(entries.map((e) => [e.entry.input, e.entry.fullyShrunk])).toStrictEqual([[c?.input, false]]);
  });

  test('chunks a signal stopped before they failed count no cases', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const counting: FuzzProperty<number> = {
      id: 'counting',
      description: 'never fails, 20 ms a check',
      arbitrary: () => fc.nat(),
      check: async (n) => {
        seen.push(n);
        if (seen.length === 30) controller.abort('SIGINT');
        await new Promise((resolve) => setTimeout(resolve, 20));
        return passed();
      },
    };
    const report = await runCampaign({
      seed: SEED,
      runs: 200,
      extraProperties: [counting],
      properties: ['counting'],
      corpusDir: null,
      signal: controller.signal,
    });
    expect(report.status).toBe('interrupted');
    // Chunk 0 (20 cases) ran whole; chunk 1 was stopped at its 11th case and counts none.
    expect(seen).toHaveLength(30);
    expect(report.properties[0]).toMatchObject({ id: 'counting', cases: 20, failures: 0 });
  });

  test('a deadline that falls before the first case finishes is no failure', async () => {
    const hanging: FuzzProperty<number> = {
      id: 'hangs',
      description: 'never answers within the budget',
      arbitrary: () => fc.nat(),
      check: () => new Promise(() => undefined),
    };
    const report = await runCampaign({
      seed: SEED,
      timeMs: 300,
      extraProperties: [hanging],
      properties: ['hangs'],
      corpusDir: null,
    });
    expect(report.counterexamples).toStrictEqual([]);
    expect(report.properties[0]).toMatchObject({ id: 'hangs', cases: 0, failures: 0 });
  });
});
