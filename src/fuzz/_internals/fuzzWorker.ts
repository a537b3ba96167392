import { closeContext, createContext, type LaneSpec } from './createContext.js';
import { resolveProperties } from './resolveProperties.js';
import { runChunk, type ChunkResult, type ChunkTask } from './runChunk.js';
import type { PropertyContext } from '../types.js';

// tinypool's thread workers hang forever when a worker calls process.exit (ecosystem.md §3): make
// it a task error instead, so a misbehaving implementation cannot wedge the campaign.
process.exit = ((code?: number | string | null) => {
  throw new Error(`worker called process.exit(${code ?? ''})`);
}) as typeof process.exit;

/** A task sent to a fuzz worker. */
export interface WorkerTask extends ChunkTask {
  readonly lanes: LaneSpec;
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

/** tinypool entry: runs one chunk in this worker. */
export default async function fuzzWorker(task: WorkerTask): Promise<ChunkResult> {
  const ctx = await contextFor(task.lanes);
  const property = resolveProperties(task.lanes).find((p) => p.id === task.property);
  if (property === undefined) throw new Error(`unknown property '${task.property}' in worker`);
  return runChunk(property, ctx, task);
}
