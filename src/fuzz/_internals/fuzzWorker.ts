import { closeContext, createContext, type LaneSpec } from './createContext.js';
import { resolveProperties } from './resolveProperties.js';
import { checkOrSkip, runChunk, type CheckOutcome, type ChunkResult, type ChunkTask } from './runChunk.js';
import type { PropertyContext } from '../types.js';
import type { MessagePort } from 'node:worker_threads';
import type { ActivityReport, ChunkActivity } from './activity.js';
import { addToPool, type PoolCandidate } from './seedPool.js';

// tinypool's thread workers hang forever when a worker calls process.exit (ecosystem.md §3): make
// it a task error instead, so a misbehaving implementation cannot wedge the campaign.
process.exit = (code?: number | string | null) => {
  throw new Error(`worker called process.exit(${code ?? ''})`);
};

/**
 * Consecutive chunks of one property sent to a fuzz worker as one task (so fast properties do not
 * pay a message round trip per chunk). The worker stops after a failing chunk, and past `deadline`
 * (epoch ms, time budgets) it runs no further chunk.
 */
export interface WorkerTask {
  readonly batch: readonly ChunkTask[];
  readonly deadline: number | null;
  readonly lanes: LaneSpec;
  /** Where the chunks' activity goes (progress output); transferred with the task. */
  readonly port?: MessagePort;
}

/** A batch of saved inputs of one property to re-check (corpus replay). */
export interface ReplayTask {
  readonly replay: true;
  readonly property: string;
  readonly inputs: readonly unknown[];
  readonly lanes: LaneSpec;
}

/**
 * A finished property's seed-pool candidates to regenerate and write (`poolDir`), so a campaign with
 * workers writes its pool in parallel with the chunks still running instead of after them.
 */
export interface PoolTask {
  readonly keep: true;
  readonly property: string;
  readonly poolDir: string;
  readonly candidates: readonly PoolCandidate[];
  readonly campaignSeed: string;
  readonly lanes: LaneSpec;
}

/** What a {@link PoolTask} wrote: files created, and the problems (warnings). */
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

/** tinypool entry: runs chunks, re-checks a batch of saved inputs, or writes a property's seed pool, in this worker. */
export default async function fuzzWorker(
  task: WorkerTask | ReplayTask | PoolTask,
): Promise<ChunkResult[] | CheckOutcome[] | PoolAdded> {
  const ctx = await contextFor(task.lanes);
  const id = 'batch' in task ? (task.batch[0]?.property ?? '') : task.property;
  const property = resolveProperties(task.lanes).find((p) => p.id === id);
  if (property === undefined) throw new Error(`unknown property '${id}' in worker`);
  if ('keep' in task) return addToPool(task.poolDir, property, ctx, task.candidates, task.campaignSeed);
  if ('replay' in task) {
    const outcomes: CheckOutcome[] = [];
    for (const input of task.inputs) outcomes.push(await checkOrSkip(property, input, ctx));
    return outcomes;
  }
  const results: ChunkResult[] = [];
  const activity = task.port === undefined ? null : throttledReports(task.port);
  try {
    for (const chunk of task.batch) {
      if (results.length > 0 && task.deadline !== null && Date.now() >= task.deadline) break;
      const result = await runChunk(property, ctx, chunk, {
        deadline: task.deadline,
        ...(activity === null ? {} : { onActivity: activity.report }),
      });
      results.push(result);
      if (result.failure !== null || result.skipped !== undefined) break;
    }
  } finally {
    activity?.close();
  }
  return results;
}

// Activity reports change per case; the campaign needs the latest one a few times a second.
const kReportEveryMs = 200;

function throttledReports(port: MessagePort): { report: ActivityReport; close(): void } {
  let latest: ChunkActivity | null = null;
  let sentAt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    timer = null;
    if (latest === null) return;
    port.postMessage(latest);
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
      port.close();
    },
  };
}
