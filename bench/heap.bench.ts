/**
 * Heap commitment costs (issue "Content-addressed heap"): full commitment of a 10,000-resource
 * heap, the incremental update after one consume, and raw BLAKE3 over the same preimages called
 * one by one. Prints a table of ratios after the benches (consumes spread over the id order).
 * Run: `npx vitest bench --run bench/heap.bench.ts`.
 */
import { hash } from 'blake3-wasm';
import { afterAll, bench, describe } from 'vitest';
import { Heap } from '../src/heap/Heap.js';
import { MerkleTree } from '../src/heap/MerkleTree.js';
import {
  canonicalBytes,
  heapCommitmentPreimage,
  merkleNodePreimage,
  resourceLeafPreimage,
} from '../src/heap/canonicalBytes.js';
import { contentHash } from '../src/heap/contentHash.js';
import type { Resource, ResourceId } from '../src/types/heap.js';

const N = 10_000;

/** Deterministic resources (xorshift seeded with 1), all four kinds. */
function resources(n: number): Resource[] {
  let x = 1;
  const rnd = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  const bytes = (): Uint8Array =>
    Uint8Array.from({ length: 1 + Math.floor(rnd() * 16) }, () => Math.floor(rnd() * 256));
  return Array.from({ length: n }, (_, i): Resource => {
    switch (i % 4) {
      case 0:
        return { kind: 'channel', sender: `role${i}`, receiver: 'Bob', queue: [{ label: 'm', payload: bytes() }] };
      case 1:
        return {
          kind: 'message',
          source: 'Alice',
          dest: `role${i}`,
          content: { label: 'Hello', payload: bytes() },
          seqNo: BigInt(i),
        };
      case 2:
        return { kind: 'session', role: `role${i}`, typeHash: BigInt(Math.floor(rnd() * 2 ** 48)) };
      default:
        return { kind: 'value', tag: `tag${i}`, data: bytes() };
    }
  });
}

const heap = new Heap();
const ids: ResourceId[] = heap.allocMany(resources(N));
heap.commitment();

// The preimages a full commitment hashes: every leaf, every interior node, the commitment.
const leafPreimages = heap.activeIds().map((id) => {
  const r = heap.read(id);
  if (!r.ok) throw new Error('unreachable');
  return resourceLeafPreimage(Buffer.from(id.digestHex, 'hex'), canonicalBytes(r.value));
});
const nodePreimages: Uint8Array[] = [];
{
  let level = leafPreimages.map((p) => contentHash(p));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const pre = merkleNodePreimage(level[i]!, level[i + 1] ?? level[i]!);
      nodePreimages.push(pre);
      next.push(contentHash(pre));
    }
    level = next;
  }
}
const allPreimages = [
  ...leafPreimages,
  ...nodePreimages,
  heapCommitmentPreimage(new Uint8Array(32), new Uint8Array(32), BigInt(N)),
];
const rawBlake3 = (): void => {
  for (const p of allPreimages) hash(p);
};
const cachedLeaves = heap.activeIds().map((id) => {
  const p = heap.proveInclusion(id);
  return p.ok ? Buffer.from(p.value.leafHex, 'hex') : new Uint8Array(32);
});
const treeOnly = (): void => {
  new MerkleTree(cachedLeaves).root();
};

/**
 * CPU time (user + system, ms) of `fn`: on a shared machine wall time mostly measures the
 * neighbours, CPU time measures us.
 */
function cpuMs(fn: () => void): number {
  const s = process.cpuUsage();
  fn();
  const d = process.cpuUsage(s);
  return (d.user + d.system) / 1000;
}

/** Median CPU ms of `fn` over `runs` runs. */
function median(fn: () => void, runs: number): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) t.push(cpuMs(fn));
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

// Consumes spread evenly over the id order of a separate heap (the bench heap stays intact). Each
// incremental update is timed next to a full recomputation of the same state, so machine noise
// hits both sides alike; the ratio is of the sums.
function incremental(samples: number): { incMs: number; fullMs: number; treeMs: number } {
  const h = new Heap();
  h.allocMany(resources(N));
  h.commitment();
  const order = h.activeIds();
  let incMs = 0;
  let fullMs = 0;
  let treeMs = 0;
  for (let k = samples - 1; k >= 0; k--) {
    // From the back, so each sampled position is still its own index in the active list.
    const at = Math.floor(((k + 0.5) / samples) * order.length);
    incMs += cpuMs(() => {
      h.consume(order[at]!);
      h.commitment();
    });
    fullMs += cpuMs(() => h.fullCommitment());
    treeMs += cpuMs(treeOnly);
  }
  return { incMs: incMs / samples, fullMs: fullMs / samples, treeMs: treeMs / samples };
}

describe(`heap of ${N} resources`, () => {
  bench('full commitment (every leaf rehashed, trees rebuilt)', () => {
    heap.fullCommitment();
  });
  bench('raw BLAKE3 over the same preimages, call by call', rawBlake3);
  let next = 0;
  bench('incremental: consume one id + commitment()', () => {
    const id = ids[(next++ * 7919) % N]!;
    if (heap.consume(id).ok) heap.commitment();
  });
});

afterAll(() => {
  // Interleaved rounds, so load changes on a shared machine hit both sides alike.
  const fullRuns: number[] = [];
  const rawRuns: number[] = [];
  for (let i = 0; i < 15; i++) {
    fullRuns.push(median(() => heap.fullCommitment(), 1));
    rawRuns.push(median(rawBlake3, 1));
  }
  const mid = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const full = mid(fullRuns);
  const raw = mid(rawRuns);
  const inc = incremental(100);
  const rows = [
    ['full commitment (CPU ms, median of 15 interleaved)', full.toFixed(2)],
    ['raw BLAKE3, same preimages (CPU ms, median of 15 interleaved)', raw.toFixed(2)],
    ['full / raw (target ≤ 1.5)', (full / raw).toFixed(2)],
    ['incremental consume + commitment (CPU ms, mean of 100 positions)', inc.incMs.toFixed(2)],
    ['full recomputation at the same states (CPU ms, mean)', inc.fullMs.toFixed(2)],
    ['tree rebuild from cached leaves (CPU ms, mean)', inc.treeMs.toFixed(2)],
    ['full / incremental (target ≥ 2)', (inc.fullMs / inc.incMs).toFixed(2)],
    ['tree rebuild / incremental', (inc.treeMs / inc.incMs).toFixed(2)],
  ];
  const w = Math.max(...rows.map((r) => r[0]!.length));
  process.stdout.write(
    `\nheap bench (${N} resources, ${allPreimages.length} preimages)\n${rows.map(([k, v]) => `  ${k!.padEnd(w)}  ${v}`).join('\n')}\n`,
  );
});
