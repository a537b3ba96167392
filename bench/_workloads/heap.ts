/**
 * Heap commitment costs: full commitment of a 10,000-resource heap against raw BLAKE3 over the
 * same preimages (CPU time, medians of 15 interleaved runs), and the incremental update after one
 * consume against a full recomputation at the same states (100 positions spread over the id
 * order). argv: `<checkout dir>`. Answers the CPU milliseconds.
 */
import { hash } from 'blake3-wasm';
import { answer, loadPackage } from './api.js';

const [dir = '.'] = process.argv.slice(2);
const pkg = await loadPackage(dir);

type Bytes = Uint8Array;
interface ResourceId {
  readonly digestHex: string;
}
interface HeapLike {
  allocMany(rs: readonly object[]): ResourceId[];
  commitment(): unknown;
  fullCommitment(): unknown;
  activeIds(): ResourceId[];
  read(id: ResourceId): { ok: boolean; value?: object };
  consume(id: ResourceId): { ok: boolean };
  proveInclusion(id: ResourceId): { ok: boolean; value?: { leafHex: string } };
}
// The heap module's names, as the package exports them.
const Heap = pkg['Heap'] as new () => HeapLike;
const MerkleTree = pkg['MerkleTree'] as new (leaves: Bytes[]) => { root(): unknown };
const canonicalBytes = pkg['canonicalBytes'] as (r: object) => Bytes;
const contentHash = pkg['contentHash'] as (b: Bytes) => Bytes;
const heapCommitmentPreimage = pkg['heapCommitmentPreimage'] as (a: Bytes, b: Bytes, n: bigint) => Bytes;
const merkleNodePreimage = pkg['merkleNodePreimage'] as (a: Bytes, b: Bytes) => Bytes;
const resourceLeafPreimage = pkg['resourceLeafPreimage'] as (id: Bytes, b: Bytes) => Bytes;

const N = 10_000;

/** Deterministic resources (xorshift seeded with 1), all four kinds. */
function resources(n: number): object[] {
  let x = 1;
  const rnd = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  const bytes = (): Uint8Array =>
    Uint8Array.from({ length: 1 + Math.floor(rnd() * 16) }, () => Math.floor(rnd() * 256));
  return Array.from({ length: n }, (_, i): object => {
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
heap.allocMany(resources(N));
heap.commitment();

// The preimages a full commitment hashes: every leaf, every interior node, the commitment.
const leafPreimages = heap.activeIds().map((id) => {
  const r = heap.read(id);
  if (!r.ok || r.value === undefined) throw new Error('unreachable');
  return resourceLeafPreimage(Buffer.from(id.digestHex, 'hex'), canonicalBytes(r.value));
});
const nodePreimages: Uint8Array[] = [];
{
  let level = leafPreimages.map((p) => contentHash(p));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const a = level[i] as Uint8Array;
      const pre = merkleNodePreimage(a, level[i + 1] ?? a);
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
  return p.ok && p.value !== undefined ? Buffer.from(p.value.leafHex, 'hex') : new Uint8Array(32);
});

function cpuMs(fn: () => void): number {
  const s = process.cpuUsage();
  fn();
  const d = process.cpuUsage(s);
  return (d.user + d.system) / 1000;
}
const mid = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

// Interleaved rounds, so load changes on a shared machine hit both sides alike.
const fullRuns: number[] = [];
const rawRuns: number[] = [];
for (let i = 0; i < 16; i++) {
  const f = cpuMs(() => heap.fullCommitment());
  const r = cpuMs(rawBlake3);
  if (i > 0) {
    fullRuns.push(f);
    rawRuns.push(r);
  }
}

// Consumes spread evenly over the id order of a separate heap; each incremental update is timed
// next to a full recomputation of the same state.
const h = new Heap();
h.allocMany(resources(N));
h.commitment();
const order = h.activeIds();
const samples = 100;
let incMs = 0;
let fullMs = 0;
let treeMs = 0;
for (let k = samples - 1; k >= 0; k--) {
  const at = Math.floor(((k + 0.5) / samples) * order.length);
  const id = order[at];
  if (id === undefined) continue;
  incMs += cpuMs(() => {
    h.consume(id);
    h.commitment();
  });
  fullMs += cpuMs(() => h.fullCommitment());
  treeMs += cpuMs(() => new MerkleTree(cachedLeaves).root());
}
answer({
  fullMs: mid(fullRuns),
  rawMs: mid(rawRuns),
  incMs: incMs / samples,
  fullAtStatesMs: fullMs / samples,
  treeMs: treeMs / samples,
});
