// Preloaded (`node --import`) into a fuzz campaign by bench/fuzz.bench.ts: every thread (the main
// thread and each worker, which inherit the flag) records its peak V8 heap (physical size plus
// malloced memory) and the process's peak RSS in TELLTALE_RSS_DIR/thread-<id>.json.
import { writeFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { isMainThread, threadId } from 'node:worker_threads';

const dir = process.env.TELLTALE_RSS_DIR;
if (dir !== undefined && dir !== '') {
  let peakHeap = 0;
  const sample = () => {
    const h = getHeapStatistics();
    peakHeap = Math.max(peakHeap, h.total_physical_size + h.malloced_memory);
    writeFileSync(
      `${dir}/thread-${threadId}.json`,
      JSON.stringify({ main: isMainThread, peakHeap, maxRss: process.resourceUsage().maxRSS * 1024 }),
    );
  };
  setInterval(sample, 100).unref();
  process.on('exit', sample);
  sample();
}
