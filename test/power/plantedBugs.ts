/**
 * Planted bugs for the power tests: lane wrappers and mutated copies of the functions under test,
 * passed to `runCampaign({ implementations })`. Each names the built-in property that must find it,
 * a run budget, and a size bound for the shrunk counterexample.
 *
 * The wrappers change one thing a real implementation could get wrong; everything else is the real
 * module, so any other difference the property reports would be a finding in the real code.
 */
import type { Implementations, ProjectionFailure } from '../../src/fuzz/implementations.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { runThreaded } from '../../src/threaded/runThreaded.js';
import { Heap } from '../../src/heap/Heap.js';
import { MerkleTree } from '../../src/heap/MerkleTree.js';
import type { CodeImage } from '../../src/types/machine.js';
import { runReference } from '../../src/reference/runReference.js';
import { guarded } from '../../src/projection/guarded.js';
import { merge } from '../../src/projection/merge.js';
import { projectCore } from '../../src/projection/projectCore.js';
import {
  creditsBeforeMonitor,
  dropAsBlock,
  imageInstructions,
  jumpOffByOne,
  moveWrongRegister,
} from './instructionBugs.js';
import type { BridgeEvent, RunOutput, RunRequest, RunResult } from '../../src/types/bridge.js';
import type { BridgeError } from '../../src/types/errors.js';
import { err, ok, type Result } from '../../src/types/result.js';
import type { GlobalType, LocalType } from '../../src/types/session.js';

/** One planted bug and what the power test demands of the campaign. */
export interface PlantedBug {
  readonly id: string;
  readonly description: string;
  /** The built-in property that must find it. */
  readonly property: string;
  readonly implementations: () => Partial<Implementations>;
  /** Campaign seed and the most runs the property may take to find it. */
  readonly seed: number;
  readonly maxRuns: number;
  /** Size of a (shrunk) input, and the bound the shrunk counterexample must meet. */
  readonly size: (input: unknown) => number;
  readonly sizeUnit: string;
  readonly maxSize: number;
}

// ------------------------------------------------------------------ sizes

/** Nodes of a global type (comm, rec, var, end, delegate each count 1). */
export function globalNodes(g: unknown): number {
  if (typeof g !== 'object' || g === null) return 0;
  const o = g as { kind?: unknown; branches?: unknown; body?: unknown; continuation?: unknown };
  let n = 1;
  if (Array.isArray(o.branches))
    for (const b of o.branches) n += globalNodes((b as { continuation?: unknown }).continuation);
  if (o.body !== undefined) n += globalNodes(o.body);
  if (o.continuation !== undefined) n += globalNodes(o.continuation);
  return n;
}

/**
 * Global-type nodes of every choreography of the run request found in `input` (the input itself,
 * or its `request` field), plus one per choreography, so an extra empty session counts.
 */
export function requestNodes(input: unknown): number {
  const req = findRequest(input);
  if (req === null) return Number.POSITIVE_INFINITY;
  return req.choreographies.reduce((n, c) => n + 1 + globalNodes(c.global_type), 0);
}

function findRequest(input: unknown): RunRequest | null {
  if (typeof input !== 'object' || input === null) return null;
  if (Array.isArray((input as { choreographies?: unknown }).choreographies)) return input as RunRequest;
  for (const v of Object.values(input)) {
    const r = findRequest(v);
    if (r !== null) return r;
  }
  return null;
}

/** Nodes of the global type found in `input` (itself, or a `g`/`global`/`globalType` field). */
export function inputGlobalNodes(input: unknown): number {
  if (typeof input !== 'object' || input === null) return Number.POSITIVE_INFINITY;
  if ('kind' in input) return globalNodes(input);
  for (const key of ['g', 'global', 'globalType', 'global_type']) {
    const v = (input as Record<string, unknown>)[key];
    if (v !== undefined) return globalNodes(v);
  }
  return Number.POSITIVE_INFINITY;
}

// ------------------------------------------------------------------ output mutants

type RunFn = (input: RunRequest, options?: Record<string, unknown>) => Result<RunResult, BridgeError>;

/** The cooperative engine with its bridge-form output passed through `f`. */
function cooperativeWith(f: (output: RunOutput) => RunOutput): RunFn {
  return (input, options) => {
    const r = runCooperative(input, options);
    return r.ok ? ok({ output: f(r.value.output), diagnostics: r.value.diagnostics }) : r;
  };
}

function withTrace(output: RunOutput, trace: readonly BridgeEvent[]): RunOutput {
  return { ...output, trace };
}

/** Loses the first delivered message: its `received` event never happens. */
export function dropMessage(output: RunOutput): RunOutput {
  const i = output.trace.findIndex((e) => e.kind === 'received');
  return i < 0
    ? output
    : withTrace(
        output,
        output.trace.filter((_, j) => j !== i),
      );
}

/** Sends the first message twice. */
export function duplicateMessage(output: RunOutput): RunOutput {
  const i = output.trace.findIndex((e) => e.kind === 'sent');
  const e = output.trace[i];
  return e === undefined
    ? output
    : withTrace(output, [...output.trace.slice(0, i + 1), e, ...output.trace.slice(i + 1)]);
}

/** Swaps the first two successive communication events of one session (each keeps its slot's tick). */
export function reorderSession(output: RunOutput): RunOutput {
  const t = [...output.trace];
  for (let i = 0; i < t.length; i++) {
    const a = t[i];
    if (a === undefined || (a.kind !== 'sent' && a.kind !== 'received')) continue;
    for (let j = i + 1; j < t.length; j++) {
      const b = t[j];
      if (b === undefined || b.session !== a.session || (b.kind !== 'sent' && b.kind !== 'received')) continue;
      if (b.kind === a.kind && b.sender === a.sender && b.receiver === a.receiver && b.label === a.label) break;
      t[i] = { ...b, tick: a.tick };
      t[j] = { ...a, tick: b.tick };
      return withTrace(output, t);
    }
  }
  return output;
}

/** Delivers the first message to another role of its session. */
export function wrongReceiver(output: RunOutput): RunOutput {
  const rolesBySession = new Map<number, string[]>();
  for (const e of output.trace) {
    if (e.kind === 'opened' && e.session !== undefined)
      rolesBySession.set(
        e.session,
        (e.role ?? '').split(',').filter((r) => r !== ''),
      );
  }
  const i = output.trace.findIndex((e) => e.kind === 'received');
  const e = output.trace[i];
  if (e === undefined || e.session === undefined) return output;
  const other = (rolesBySession.get(e.session) ?? []).find((r) => r !== e.receiver && r !== e.sender) ?? e.sender;
  return withTrace(
    output,
    output.trace.map((x, j) => (j === i ? { ...x, receiver: other } : x)),
  );
}

/**
 * Numbers coroutines per session instead of per machine: `halted`/`faulted` targets restart at 0 in
 * every session (machine.md §2.2: ids are allocated from 0 per machine, never reused).
 */
export function coroIdsPerSession(output: RunOutput): RunOutput {
  const bases: { first: number; count: number }[] = [];
  let next = 0;
  for (const e of output.trace) {
    if (e.kind !== 'opened') continue;
    const count = (e.role ?? '').split(',').filter((r) => r !== '').length;
    bases.push({ first: next, count });
    next += count;
  }
  const local = (id: number): number => {
    const s = bases.find((b) => id >= b.first && id < b.first + b.count);
    return s === undefined ? id : id - s.first;
  };
  return withTrace(
    output,
    output.trace.map((e) =>
      (e.kind === 'halted' || e.kind === 'faulted') && typeof e.target === 'string'
        ? { ...e, target: String(local(Number(e.target))) }
        : e,
    ),
  );
}

/**
 * Delivers the first two messages of an edge in the wrong order when their labels differ: the
 * received labels are swapped (a LIFO buffer seen from outside).
 */
export function lifoDelivery(output: RunOutput): RunOutput {
  const t = [...output.trace];
  for (let i = 0; i < t.length; i++) {
    const a = t[i];
    if (a?.kind !== 'received') continue;
    for (let j = i + 1; j < t.length; j++) {
      const b = t[j];
      if (b?.kind !== 'received' || b.session !== a.session || b.sender !== a.sender || b.receiver !== a.receiver)
        continue;
      if (b.label === a.label) break;
      t[i] = { ...a, label: b.label };
      t[j] = { ...b, label: a.label };
      return withTrace(output, t);
    }
  }
  return output;
}

// ------------------------------------------------------------------ engine mutants

type ThreadedFn = (input: RunRequest, options?: Record<string, unknown>) => Promise<Result<RunResult, BridgeError>>;

interface Certificate {
  readonly waves: readonly (readonly number[])[];
  readonly planner_step: number;
  readonly tick: number;
  readonly members: readonly {
    readonly coro_id: number;
    readonly lane: number;
    readonly session: number | null;
    readonly footprint: readonly string[];
  }[];
}

/**
 * The threaded planner without the session-disjointness rule (machine.md §11.3 rule 2): in the
 * first plan where a later wave holds a coroutine of a session already in an earlier wave (on
 * another lane), that coroutine joins the earlier wave. Applied to the recorded certificates.
 */
export const threadedWaveSharesSession: ThreadedFn = async (input, options) => {
  const r = await runThreaded(input, options);
  if (!r.ok || r.value.diagnostics?.threaded === undefined) return r;
  const threaded = r.value.diagnostics.threaded;
  let done = false;
  const certificates = threaded.certificates.map((raw) => {
    const c = raw as Certificate;
    if (done) return c;
    const info = new Map(c.members.map((m) => [m.coro_id, m]));
    for (let i = 0; i < c.waves.length && !done; i++) {
      const wave = c.waves[i] ?? [];
      for (let j = i + 1; j < c.waves.length && !done; j++) {
        for (const b of c.waves[j] ?? []) {
          const mb = info.get(b);
          const clash = wave.some((a) => {
            const ma = info.get(a);
            return (
              ma !== undefined &&
              mb !== undefined &&
              ma.session !== null &&
              ma.session === mb.session &&
              ma.lane !== mb.lane
            );
          });
          const laneFree = wave.every((a) => info.get(a)?.lane !== mb?.lane);
          if (!clash || !laneFree) continue;
          done = true;
          const waves = c.waves
            .map((w, k) => (k === i ? [...w, b] : k === j ? w.filter((x) => x !== b) : [...w]))
            .filter((w) => w.length > 0);
          return { ...c, waves };
        }
      }
    }
    return c;
  });
  return ok({
    output: r.value.output,
    diagnostics: { ...r.value.diagnostics, threaded: { ...threaded, certificates } },
  });
};

/** The threaded engine advancing the clock once more before its last event (an off-by-one round). */
export const threadedLateLastEvent: ThreadedFn = async (input, options) => {
  const r = await runThreaded(input, options);
  if (!r.ok) return r;
  const trace = r.value.output.trace;
  const last = trace.length - 1;
  if (last < 1) return r;
  return ok({
    output: withTrace(
      r.value.output,
      trace.map((e, i) => (i === last ? { ...e, tick: e.tick + 1 } : e)),
    ),
    diagnostics: r.value.diagnostics,
  });
};

/**
 * The threaded engine letting a role's second message overtake its first: the labels of the first
 * two `sent` events of one sender with different labels are swapped (the role-local rule of
 * bridge.md §11.4 must catch this at n > 1).
 */
export const threadedRoleOvertake: ThreadedFn = async (input, options) => {
  const r = await runThreaded(input, options);
  if (!r.ok) return r;
  const t = [...r.value.output.trace];
  for (let i = 0; i < t.length; i++) {
    const a = t[i];
    if (a?.kind !== 'sent') continue;
    const j = t.findIndex(
      (b, k) => k > i && b.kind === 'sent' && b.session === a.session && b.sender === a.sender && b.label !== a.label,
    );
    const b = t[j];
    if (b === undefined) continue;
    t[i] = { ...a, label: b.label };
    t[j] = { ...b, label: a.label };
    return ok({ output: withTrace(r.value.output, t), diagnostics: r.value.diagnostics });
  }
  return r;
};

/**
 * A loader that drops repeated local-type roles before validating, so machine.md §9.3 rule 3
 * (`duplicate local-type role`) can never fire.
 */
export function loaderSkipsDuplicateLocals(
  input: RunRequest | CodeImage,
  options?: Record<string, unknown>,
): Result<RunResult, BridgeError> {
  if (!('program' in input)) return runCooperative(input, options);
  const image = input as CodeImage;
  const seen = new Set<string>();
  const localTypesR = image.program.localTypesR.filter(([r]) => (seen.has(r) ? false : (seen.add(r), true)));
  return runCooperative({ ...image, program: { ...image.program, localTypesR } }, options);
}

/** Number of entry-point roles of the code image in `input` (itself or its `image` field). */
export function imageRoles(input: unknown): number {
  const image = (typeof input === 'object' && input !== null && 'image' in input ? input.image : input) as
    CodeImage | undefined;
  return image?.program?.entryPoints.length ?? Number.POSITIVE_INFINITY;
}

/** A heap whose resource tree orders leaves backwards (heap.md: leaves in resource-id order). */
export class LeafOrderHeap extends Heap {
  override resourceRoot(): string {
    const leaves = (this.resourceLevels()[0] ?? []).map((h) => Uint8Array.from(Buffer.from(h, 'hex'))).reverse();
    return Buffer.from(new MerkleTree(leaves).root()).toString('hex');
  }
}

/** Reverses every choice's branch list in JSON global types, so the first label becomes the last. */
function reverseBranches(g: unknown): unknown {
  if (Array.isArray(g)) return g.map(reverseBranches);
  if (typeof g !== 'object' || g === null) return g;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(g))
    out[k] = k === 'branches' && Array.isArray(v) ? [...v].reverse().map(reverseBranches) : reverseBranches(v);
  return out;
}

/** The reference runner taking the last branch of every choice instead of the first. */
export function referenceWrongBranch(request: RunRequest): Result<RunResult, BridgeError> {
  const choreographies = request.choreographies.map((c) => ({ ...c, global_type: reverseBranches(c.global_type) }));
  return runReference({ ...request, choreographies });
}

/**
 * Rust projection whose bystander merge folds from `end` instead of from the first branch
 * (`mergeAll` seeded wrongly): merging a single non-`end` branch fails with `EndMismatch`.
 */
export function projectSeededMerge(g: GlobalType, role: string): Result<LocalType, ProjectionFailure> {
  const go = (t: GlobalType): Result<LocalType, ProjectionFailure> => {
    switch (t.kind) {
      case 'end':
        return ok({ kind: 'end' });
      case 'var':
        return ok({ kind: 'var', name: t.name });
      case 'rec': {
        const body = go(t.body);
        if (!body.ok) return body;
        return ok(guarded(body.value, t.var) ? { kind: 'rec', var: t.var, body: body.value } : { kind: 'end' });
      }
      case 'delegate':
        return err({ error: 'UnsupportedKind', message: "unsupported global kind 'delegate' in merge projection" });
      case 'comm': {
        if (t.branches.length === 0)
          return err({
            error: 'EmptyBranches',
            message: `empty branches in communication from ${t.sender} to ${t.receiver}`,
          });
        const conts: LocalType[] = [];
        for (const b of t.branches) {
          const c = go(b.continuation);
          if (!c.ok) return c;
          conts.push(c.value);
        }
        if (role === t.sender || role === t.receiver) {
          const kind = role === t.sender ? 'send' : 'recv';
          const partner = role === t.sender ? t.receiver : t.sender;
          return ok({
            kind,
            partner,
            branches: t.branches.map((b, i) => ({ label: b.label, continuation: conts[i] ?? { kind: 'end' } })),
          });
        }
        let acc: LocalType = { kind: 'end' }; // the bug: should start from conts[0]
        for (const c of conts) {
          const m = merge(acc, c);
          if (!m.ok)
            return err({
              error: 'MergeFailure',
              message: `cannot merge branches for role '${role}': ${m.error.message}`,
            });
          acc = m.value;
        }
        return ok(acc);
      }
    }
  };
  return go(g);
}

/** Lean `trans` that keeps `rec X` even when `X` is unguarded in the projected body (should give `end`). */
export function projectCoreKeepsUnguarded(g: GlobalType, role: string): LocalType {
  const go = (t: GlobalType): LocalType => {
    switch (t.kind) {
      case 'rec':
        return { kind: 'rec', var: t.var, body: go(t.body) };
      case 'comm':
        if (role === t.sender)
          return {
            kind: 'send',
            partner: t.receiver,
            branches: t.branches.map((b) => ({ label: b.label, continuation: go(b.continuation) })),
          };
        if (role === t.receiver)
          return {
            kind: 'recv',
            partner: t.sender,
            branches: t.branches.map((b) => ({ label: b.label, continuation: go(b.continuation) })),
          };
        return t.branches[0] === undefined ? { kind: 'end' } : go(t.branches[0].continuation);
      default:
        return projectCore(t, role);
    }
  };
  return go(g);
}

// ------------------------------------------------------------------ the catalogue

const coopVsRef = 'cooperative-vs-reference';
const coopVsImages = 'cooperative-vs-reference-images';

/** The planted bugs checked by `test/power/` and measured by `bench/power.bench.ts`. */
export const plantedBugs: readonly PlantedBug[] = [
  {
    id: 'drop-message',
    description: 'cooperative engine loses the first delivered message',
    property: coopVsRef,
    implementations: () => ({ runCooperative: cooperativeWith(dropMessage) }),
    seed: 101,
    maxRuns: 100,
    size: requestNodes,
    sizeUnit: 'choreographies + global-type nodes',
    maxSize: 4,
  },
  {
    id: 'duplicate-message',
    description: 'cooperative engine sends the first message twice',
    property: coopVsRef,
    implementations: () => ({ runCooperative: cooperativeWith(duplicateMessage) }),
    seed: 115,
    maxRuns: 100,
    size: requestNodes,
    sizeUnit: 'choreographies + global-type nodes',
    maxSize: 4,
  },
  {
    id: 'reorder-session-events',
    description: 'cooperative engine swaps two communication events of one session',
    property: coopVsRef,
    implementations: () => ({ runCooperative: cooperativeWith(reorderSession) }),
    seed: 103,
    maxRuns: 100,
    size: requestNodes,
    sizeUnit: 'choreographies + global-type nodes',
    maxSize: 4,
  },
  {
    id: 'wrong-receiver',
    description: 'cooperative engine delivers the first message to another role',
    property: coopVsRef,
    implementations: () => ({ runCooperative: cooperativeWith(wrongReceiver) }),
    seed: 104,
    maxRuns: 100,
    size: requestNodes,
    sizeUnit: 'choreographies + global-type nodes',
    maxSize: 4,
  },
  {
    id: 'wrong-branch',
    description: 'reference runner takes the last branch of a choice instead of the first',
    property: coopVsRef,
    implementations: () => ({ runReference: referenceWrongBranch }),
    seed: 105,
    maxRuns: 200,
    size: requestNodes,
    sizeUnit: 'choreographies + global-type nodes',
    maxSize: 6,
  },
  {
    id: 'coroutine-ids-per-session',
    description: 'cooperative engine numbers coroutines from 0 in every session',
    property: coopVsRef,
    implementations: () => ({ runCooperative: cooperativeWith(coroIdsPerSession) }),
    seed: 106,
    maxRuns: 200,
    size: requestNodes,
    sizeUnit: 'choreographies + global-type nodes',
    maxSize: 7,
  },
  {
    id: 'wrong-merge-result',
    description: 'Rust projection folds the bystander merge from end instead of the first branch',
    property: 'projection-core-vs-merge',
    implementations: () => ({ project: projectSeededMerge }),
    seed: 107,
    maxRuns: 200,
    size: inputGlobalNodes,
    sizeUnit: 'global-type nodes',
    maxSize: 4,
  },
  {
    id: 'unguarded-recursion',
    description: 'projectCore keeps rec X when X is unguarded in the projected body',
    property: 'projection-core-vs-merge',
    implementations: () => ({ projectCore: projectCoreKeepsUnguarded }),
    seed: 108,
    maxRuns: 1000,
    size: inputGlobalNodes,
    sizeUnit: 'global-type nodes',
    maxSize: 4,
  },
  {
    id: 'wave-shares-session',
    description: 'threaded planner puts two coroutines of one session into one wave',
    property: 'threaded-certificates',
    implementations: () => ({ runThreaded: threadedWaveSharesSession }),
    seed: 110,
    maxRuns: 100,
    size: requestNodes,
    sizeUnit: 'choreographies + global-type nodes',
    maxSize: 4,
  },
  {
    id: 'lifo-delivery',
    description: 'cooperative engine delivers two messages of one edge in reverse order',
    property: 'cooperative-schedule-invariants',
    implementations: () => ({ runCooperative: cooperativeWith(lifoDelivery) }),
    seed: 111,
    maxRuns: 200,
    size: requestNodes,
    sizeUnit: 'choreographies + global-type nodes',
    maxSize: 7,
  },
  {
    id: 'loader-skips-duplicate-locals',
    description: 'code-image loader drops repeated local-type roles, so rule 3 never fires',
    property: 'loader-rejects-invalid-images',
    implementations: () => ({ runCooperative: loaderSkipsDuplicateLocals }),
    seed: 112,
    maxRuns: 200,
    size: imageRoles,
    sizeUnit: 'entry-point roles of the image',
    maxSize: 2,
  },
  {
    id: 'heap-leaf-order',
    description: 'heap orders the leaves of the resource tree backwards',
    property: 'heap-vs-model',
    implementations: () => ({ createHeap: () => new LeafOrderHeap() }),
    seed: 109,
    maxRuns: 200,
    size: (input) => (Array.isArray(input) ? input.length : Number.POSITIVE_INFINITY),
    sizeUnit: 'heap operations',
    maxSize: 3,
  },
  {
    id: 'threaded-late-last-event',
    description: 'threaded engine stamps its last event one tick late',
    property: 'cooperative-vs-threaded-n1',
    implementations: () => ({ runThreaded: threadedLateLastEvent }),
    seed: 113,
    maxRuns: 100,
    size: requestNodes,
    sizeUnit: 'choreographies + global-type nodes',
    maxSize: 3,
  },
  {
    id: 'threaded-role-overtake',
    description: "threaded engine at n > 1 lets a role's second message overtake its first",
    property: 'cooperative-vs-threaded-envelope',
    implementations: () => ({ runThreaded: threadedRoleOvertake }),
    seed: 114,
    maxRuns: 200,
    size: requestNodes,
    sizeUnit: 'choreographies + global-type nodes',
    maxSize: 6,
  },
  // Instruction-level bugs in the machine core (both engines): only the independent image executor
  // tells (test/power/instructionBugs.test.ts shows the threaded comparisons miss them).
  {
    id: 'move-wrong-register',
    description: 'machine core: Move writes the register after its destination',
    property: coopVsImages,
    implementations: () => moveWrongRegister,
    // Was 205 (shrunk to 5 once rich names changed the draws, issue #11 §2); budget and bound unchanged.
    seed: 203,
    maxRuns: 200,
    size: imageInstructions,
    sizeUnit: 'instructions of the code image',
    maxSize: 4,
  },
  {
    id: 'drop-as-block',
    description: 'machine core: a full buffer under policy drop blocks the sender instead of faulting',
    property: coopVsImages,
    implementations: () => dropAsBlock,
    seed: 203,
    maxRuns: 200,
    size: imageInstructions,
    sizeUnit: 'instructions of the code image',
    maxSize: 8,
  },
  {
    id: 'jump-off-by-one',
    description: 'machine core: Jump lands one instruction past its target',
    property: coopVsImages,
    implementations: () => jumpOffByOne,
    // Was 205: since compiled images loop (issue #11 §4), seed 205's first failing case is a
    // two-role loop whose smallest compiled form has 6 instructions; budget and bound are unchanged.
    seed: 207,
    maxRuns: 50,
    size: imageInstructions,
    sizeUnit: 'instructions of the code image',
    maxSize: 4,
  },
  {
    id: 'credits-before-monitor',
    description: 'machine core: wrong fault precedence, the cost is checked before the monitor',
    property: coopVsImages,
    implementations: () => creditsBeforeMonitor,
    seed: 206,
    maxRuns: 200,
    size: imageInstructions,
    sizeUnit: 'instructions of the code image',
    maxSize: 4,
  },
];
