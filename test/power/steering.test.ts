/**
 * Issue #11 §3–4: statistics and coverage in the report, swarm configurations recorded per chunk,
 * the bandit only under a time budget, and the seed pool (kept, replayed first, merged).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runCampaign } from '../../src/fuzz/runCampaign.js';
import { formatStatistics } from '../../src/fuzz/formatStatistics.js';
import { resolveCampaignOptions } from '../../src/fuzz/resolveCampaignOptions.js';
import { builtinProperties } from '../../src/fuzz/builtinProperties.js';
import { defaultImplementations } from '../../src/fuzz/implementations.js';
import { readCorpus } from '../../src/corpus/readCorpus.js';
import { mergeCorpora } from '../../src/corpus/mergeCorpora.js';
import { Bandit } from '../../src/fuzz/_internals/bandit.js';
import {
  armForChunk,
  drawConfiguration,
  kAnchorArms,
  kPlainShare,
  kSwarmArms,
  PLAIN_CONFIGURATION,
  swarmArms,
} from '../../src/fuzz/_internals/swarm.js';
import { PropertySteering } from '../../src/fuzz/_internals/steering.js';
import type { ChunkResult } from '../../src/fuzz/_internals/runChunk.js';
import type { SwarmConfiguration } from '../../src/fuzz/types.js';
import { plantedBugs } from './plantedBugs.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(1111);
let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-steering-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const property = (id: string) => {
  const p = builtinProperties().find((q) => q.id === id);
  if (p === undefined) throw new Error(`missing ${id}`);
  return p;
};

describe('statistics and coverage (issue #11 §3-4)', () => {
  test('every contract dimension is counted per case, the same for the same seed and runs with 1 or 2 workers, and --stats prints them', async () => {
    const run = (workers: number) =>
      runCampaign({ seed: SEED, runs: 120, properties: ['cooperative-vs-reference'], corpusDir: null, workers });
    // Whatever the workers: statistics and coverage are merged in chunk order.
    const [a, b] = [await run(1), await run(2)];
    const p = a.properties[0];
    expect(p?.statistics).toBeDefined();
    expect(Object.keys(p?.statistics ?? {}).sort()).toEqual(
      ['depth', 'faults', 'names', 'roles', 'status', 'steps', 'swarm', 'verdict'].sort(),
    );
    for (const [dimension, buckets] of Object.entries(p?.statistics ?? {}))
      expect(
        Object.values(buckets).reduce((x, y) => x + y, 0),
        dimension,
      ).toBe(120);
    // Natural rejections and rich names both show up in a default campaign.
    expect(Object.keys(p?.statistics?.verdict ?? {}).filter((v) => v !== 'accepted').length).toBeGreaterThan(1);
    expect(Object.keys(p?.statistics?.names ?? {}).filter((n) => n !== 'simple').length).toBeGreaterThan(1);
    expect(Object.keys(p?.statistics?.swarm ?? {})).toContain('plain');
    expect(p?.coverage?.seen.length).toBeGreaterThan(5);
    expect(p?.coverage?.notSeen.length).toBeGreaterThan(0);
    expect(p?.coverage?.seen.some((f) => p.coverage?.notSeen.includes(f))).toBe(false);
    expect(b.properties[0]?.statistics).toStrictEqual(p?.statistics);
    expect(b.properties[0]?.coverage).toStrictEqual(p?.coverage);
    const text = formatStatistics(a.properties);
    expect(text).toContain('cooperative-vs-reference (120 cases)');
    expect(text).toMatch(/\n {2}verdict\n {4}accepted \.+ +\d+\.\d\d% \(\d+\)/);
    expect(text).toMatch(/not exercised \(\d+ known features\): /);
  });
});

describe('swarm configurations (issue #11 §4)', () => {
  test('configurations are drawn from the seed; about half the unsteered chunks are plain', () => {
    expect(drawConfiguration(7)).toStrictEqual(drawConfiguration(7));
    const arms = swarmArms('5', 'p');
    expect(arms[0]?.id).toBe('plain');
    expect(new Set(arms.map((a) => a.id)).size).toBeGreaterThan(kSwarmArms / 2);
    const picks = Array.from({ length: 400 }, (_, c) => armForChunk('5', 'p', c));
    expect(picks).toStrictEqual(Array.from({ length: 400 }, (_, c) => armForChunk('5', 'p', c)));
    const plain = picks.filter((a) => a === 0).length / picks.length;
    expect(Math.abs(plain - kPlainShare)).toBeLessThan(0.1);
    expect(new Set(picks).size).toBe(kSwarmArms);
  });

  test('arms 1-3 are the hazard arms: the plain constructs with names focused on one hazard, each found more often there', () => {
    const arms = swarmArms('5', 'cooperative-vs-reference-images');
    expect(arms.slice(1, 4).map((a) => [a.names, a.focus])).toStrictEqual([
      ['rich', 'order'],
      ['rich', 'case'],
      ['rich', 'astral'],
    ]);
    for (const a of arms.slice(1, 4))
      for (const [c, w] of Object.entries(a.constructs))
        expect(w, `${a.id} ${c}`).toBe(
          a.focus === 'order' && c === 'rejections' ? 3 : PLAIN_CONFIGURATION.constructs[c as 'tier2'],
        );
    // The drawn arms: the first rich with every class, the others unfocused; the same for the same seed.
    expect(arms[4]?.names).toBe('rich');
    expect(arms.slice(4).every((a) => a.focus === undefined)).toBe(true);
    expect(swarmArms('5', 'cooperative-vs-reference-images')).toStrictEqual(arms);
    // Labels equal up to case meet in one Choose table far more often under the case arm than plain.
    const p = property('cooperative-vs-reference-images');
    const ctx = { implementations: defaultImplementations(), lanes: {} };
    const caseTables = (swarm: SwarmConfiguration | undefined): number =>
      fc
        .sample(p.arbitrary(ctx, swarm), { seed: SEED, numRuns: 200 })
        .filter((x) =>
          (x as { image: { program: { code: { op: string; table?: [string, number][] }[] } } }).image.program.code.some(
            (i) => i.op === 'Choose' && new Set(i.table?.map(([l]) => l.toLowerCase())).size < (i.table?.length ?? 0),
          ),
        ).length;
    expect(caseTables(arms[2])).toBeGreaterThan(2 * caseTables(undefined));
  });

  test("the bandit's first round is scored together: the arm that ran first is not favoured for it", () => {
    const steering = new PropertySteering(property('cooperative-vs-reference'), {
      seed: '9',
      swarm: true,
      feedback: true,
    });
    const result = (chunk: number, features: Record<string, number>): ChunkResult => ({
      property: 'cooperative-vs-reference',
      chunk,
      cases: 20,
      ms: 1,
      failure: null,
      features,
    });
    const armOf = (chunk: number): number => {
      const before = [...steering.armCounts()];
      steering.configFor(chunk, chunk);
      return steering.armCounts().findIndex((n, i) => n !== before[i]);
    };
    // The first round: the hazard arms, then plain, then the drawn arms.
    const first = Array.from({ length: kSwarmArms }, (_, chunk) => {
      const arm = armOf(chunk);
      // Every arm reaches the same common features; arm 6 alone also reaches a rare one.
      steering.accept(
        result(chunk, { 'event:sent': 20, 'status:completed': 20, ...(arm === 6 ? { 'fault:x': 1 } : {}) }),
      );
      return arm;
    });
    expect(first).toStrictEqual([1, 2, 3, 0, 4, 5, 6, 7, 8, 9, 10, 11]);
    const later = Array.from({ length: 40 }, (_, k) => {
      const arm = armOf(kSwarmArms + k);
      steering.accept(result(kSwarmArms + k, { 'event:sent': 20, 'status:completed': 20 }));
      return arm;
    });
    // Every other pick goes to the anchors (plain and the hazard arms) in turn; of the others, arm 6
    // (the rare feature) takes most; arm 1, the first to run (every feature new then), is not favoured.
    const anchors = later.filter((_, k) => k % 2 === 1);
    expect(anchors.every((a) => a < kAnchorArms)).toBe(true);
    expect(new Set(anchors)).toStrictEqual(new Set([0, 1, 2, 3]));
    const free = later.filter((_, k) => k % 2 === 0);
    expect(free.filter((a) => a === 6).length).toBeGreaterThan(free.length / 2);
    expect(free.filter((a) => a === 1).length).toBeLessThan(4);
  });

  test("a counterexample records its chunk's configuration: seed, path and configuration regenerate its input", async () => {
    const bug = plantedBugs.find((b) => b.id === 'drop-message');
    if (bug === undefined) throw new Error('drop-message is missing');
    // Several seeds, so that a drawn (not plain) configuration finds it at least once.
    let checked = 0;
    let drawn = 0;
    for (const seed of [3, 4, 5, 6, 7, 8]) {
      const report = await runCampaign({
        seed,
        runs: 200,
        properties: [bug.property],
        implementations: bug.implementations(),
        corpusDir: null,
        workers: 1,
      });
      const c = report.counterexamples[0];
      if (c === undefined) continue;
      const ctx = { implementations: defaultImplementations(), lanes: {} };
      const swarm = (c as { swarm?: SwarmConfiguration }).swarm;
      if (swarm !== undefined && swarm.id !== 'plain') drawn += 1;
      const [again] = fc.sample(property(bug.property).arbitrary(ctx, swarm), {
        seed: c.seed,
        path: c.path,
        numRuns: 1,
      });
      expect(again).toStrictEqual(c.input);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(2);
    expect(drawn).toBeGreaterThan(0);
  });

  test('the bandit steers only time budgets; runs stay reproducible', () => {
    expect(resolveCampaignOptions({ runs: 100, corpusDir: null }).feedback).toBe(false);
    expect(resolveCampaignOptions({ timeMs: 1000, corpusDir: null }).feedback).toBe(true);
    expect(resolveCampaignOptions({ timeMs: 1000, corpusDir: null, feedback: false }).feedback).toBe(false);
    const bandit = new Bandit(4, 9);
    for (let i = 0; i < 200; i += 1) {
      const arm = bandit.pick();
      bandit.reward(arm, arm === 2 ? 3 : 0);
    }
    const counts = bandit.counts();
    expect(counts[2]).toBeGreaterThan(120);
    expect(Math.min(...counts)).toBeGreaterThan(0);
  });
});

describe('the seed pool (issue #11 §4)', () => {
  test('inputs that reached new features are kept, replayed first by the next campaign, and merged by corpus merge', async () => {
    const pool = join(dir, 'corpora', '.pool');
    const first = await runCampaign({
      seed: SEED,
      runs: 80,
      properties: ['cooperative-vs-reference'],
      corpusDir: join(dir, 'corpora'),
      workers: 1,
    });
    const added = first.properties[0]?.pool?.added ?? 0;
    expect(added).toBeGreaterThan(3);
    const entries = readCorpus(pool).entries;
    expect(entries).toHaveLength(added);
    for (const { entry } of entries) {
      expect(entry.property).toBe('cooperative-vs-reference');
      expect(entry.features?.length).toBeGreaterThan(0);
    }
    // The pool is not part of the corpus (no counterexamples were saved).
    expect(readCorpus(join(dir, 'corpora')).entries).toHaveLength(0);

    // The same campaign again adds nothing new: the replay saw those features first.
    const second = await runCampaign({
      seed: SEED,
      runs: 80,
      properties: ['cooperative-vs-reference'],
      corpusDir: join(dir, 'corpora'),
      workers: 1,
    });
    expect(second.properties[0]?.pool).toStrictEqual({ replayed: added, added: 0 });

    // A bug that a pool input reaches is found by the replay before any chunk (here with 1 run).
    const bug = plantedBugs.find((b) => b.id === 'drop-message');
    if (bug === undefined) throw new Error('drop-message is missing');
    const third = await runCampaign({
      seed: 99,
      runs: 1,
      properties: ['cooperative-vs-reference'],
      implementations: bug.implementations(),
      corpusDir: null,
      poolDir: pool,
      workers: 1,
    });
    expect(third.counterexamples).toHaveLength(1);
    expect(third.counterexamples[0]?.chunk).toBe(-1);

    // corpus merge merges the pools of shards.
    const merged = mergeCorpora(join(dir, 'merged'), [join(dir, 'corpora')]);
    expect(merged.pool).toStrictEqual({ added, duplicates: 0 });
  });
});
