import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { closeContext, createContext, type LaneSpec } from './createContext.js';
import { resolveProperties } from './resolveProperties.js';
import { checkOrSkip, runChunk, type CheckOutcome, type ChunkResult, type ChunkTask } from './runChunk.js';
import type { AnyFuzzProperty, PropertyContext } from '../types.js';
import type { ActivityReport, ChunkActivity } from './activity.js';
import { addToPool, type PoolCandidate } from './seedPool.js';

// tinypool's thread workers hang forever when a worker calls process.exit (ecosystem.md §3): make
// it a task error instead, so a misbehaving implementation cannot wedge the campaign.
process.exit = (code?: number | string | null) => {
  throw new Error(`worker called process.exit(${code ?? ''})`);
};

/**
 * A campaign's session in this worker (sessionPool.ts): requests come over `port` and are run one
 * after the other, each answered on the same port, until `stop`.
 */
export interface SessionTask {
  readonly session: true;
  readonly lanes: LaneSpec;
  readonly port: MessagePort;
  /** The campaign's stop cell (an Int32 at 0, non-zero once stopped), read by every chunk. */
  readonly interrupt: SharedArrayBuffer;
}

/**
 * A request of a session: consecutive chunks of one property (`batch`: the worker stops after a
 * failing chunk, and past `deadline`, epoch ms, it runs no further chunk); a finished property's
 * seed-pool candidates to regenerate and write (`keep`); or the end of the session.
 */
export type SessionRequest =
  | {
      readonly kind: 'batch';
      readonly id: number;
      readonly batch: readonly ChunkTask[];
      readonly deadline: number | null;
      /** Report the chunks' activity (progress output). */
      readonly activity: boolean;
    }
  | {
      readonly kind: 'keep';
      readonly id: number;
      readonly property: string;
      readonly poolDir: string;
      readonly candidates: readonly PoolCandidate[];
      readonly campaignSeed: string;
    }
  | { readonly kind: 'stop' };

/** A session's answer to request `id`: its result, the error it threw, or (batches) its activity so far. */
export type SessionReply =
  | { readonly id: number; readonly result: ChunkResult[] | PoolAdded }
  | { readonly id: number; readonly error: string }
  | { readonly id: number; readonly activity: ChunkActivity };

/** A batch of saved inputs of one property to re-check (corpus replay). */
export interface ReplayTask {
  readonly replay: true;
  readonly property: string;
  readonly inputs: readonly unknown[];
  readonly lanes: LaneSpec;
}

/** What a `keep` request wrote: files created, and the problems (warnings). */
export interface PoolAdded {
  readonly added: number;
  readonly problems: readonly string[];
}

let cachedKey: string | null = null;
let cachedCtx: Promise<PropertyContext> | null = null;

function contextFor(spec: LaneSpec): Promise<PropertyContext> {
  const key = JSON.stringify(spec);
  if (cachedCtx === null || cachedKey !== key) {
    const previous = cachedCtx;
    if (previous !== null) void previous.then(closeContext);
    cachedKey = key;
    cachedCtx = createContext(spec);
  }
  return cachedCtx;
}

function propertyOf(lanes: LaneSpec, id: string): AnyFuzzProperty {
  const property = resolveProperties(lanes).find((p) => p.id === id);
  if (property === undefined) throw new Error(`unknown property '${id}' in worker`);
  return property;
}

/** tinypool entry: a campaign's session, or re-checks a batch of saved inputs, in this worker. */
export default async function fuzzWorker(task: SessionTask | ReplayTask): Promise<CheckOutcome[] | null> {
  if ('session' in task) {
    await session(task);
    return null;
  }
  const ctx = await contextFor(task.lanes);
  const property = propertyOf(task.lanes, task.property);
  const outcomes: CheckOutcome[] = [];
  for (const input of task.inputs) outcomes.push(await checkOrSkip(property, input, ctx));
  return outcomes;
}

/**
 * Runs a session's requests in order. The next request is taken straight off the port when one is
 * there (`receiveMessageOnPort`), so a worker with work queued never waits for the event loop or
 * the main thread between two tasks.
 */
async function session(task: SessionTask): Promise<void> {
  const { port, lanes } = task;
  const interrupt = new Int32Array(task.interrupt);
  const inbox: SessionRequest[] = [];
  let wake: (() => void) | null = null;
  port.on('message', (request: SessionRequest) => {
    inbox.push(request);
    wake?.();
    wake = null;
  });
  const ctx = await contextFor(lanes);
  try {
    for (;;) {
      const request = inbox.shift() ?? (receiveMessageOnPort(port)?.message as SessionRequest | undefined);
      if (request === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (request.kind === 'stop') return;
      let reply: SessionReply;
      try {
        reply = { id: request.id, result: await answer(request, lanes, ctx, port, interrupt) };
      } catch (error) {
        reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
      }
      port.postMessage(reply);
    }
  } finally {
    port.close();
  }
}

async function answer(
  request: Exclude<SessionRequest, { kind: 'stop' }>,
  lanes: LaneSpec,
  ctx: PropertyContext,
  port: MessagePort,
  interrupt: Int32Array,
): Promise<ChunkResult[] | PoolAdded> {
  if (request.kind === 'keep')
    return addToPool(
      request.poolDir,
      propertyOf(lanes, request.property),
      ctx,
      request.candidates,
      request.campaignSeed,
    );
  const property = propertyOf(lanes, request.batch[0]?.property ?? '');
  const results: ChunkResult[] = [];
  const activity = request.activity ? throttledReports(port, request.id) : null;
  try {
    for (const chunk of request.batch) {
      if (results.length > 0 && request.deadline !== null && Date.now() >= request.deadline) break;
      const result = await runChunk(property, ctx, chunk, {
        deadline: request.deadline,
        interrupt,
        ...(activity === null ? {} : { onActivity: activity.report }),
      });
      results.push(result);
      if (result.failure !== null || result.skipped !== undefined || result.interrupted === true) break;
    }
  } finally {
    activity?.close();
  }
  return results;
}

// Activity reports change per case; the campaign needs the latest one a few times a second.
const kReportEveryMs = 200;

function throttledReports(port: MessagePort, id: number): { report: ActivityReport; close(): void } {
  let latest: ChunkActivity | null = null;
  let sentAt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    timer = null;
    if (latest === null) return;
    port.postMessage({ id, activity: latest } satisfies SessionReply);
    sentAt = Date.now();
    latest = null;
  };
  return {
    report(activity) {
      latest = activity;
      timer ??= setTimeout(flush, Math.max(0, kReportEveryMs - (Date.now() - sentAt)));
    },
    close() {
      if (timer !== null) clearTimeout(timer);
    },
  };
}
