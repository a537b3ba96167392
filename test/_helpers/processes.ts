import { readdirSync, readFileSync } from 'node:fs';

/** Pids of live processes whose command line contains `marker` (Linux `/proc`; zombies have none). */
export function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes(marker)) pids.push(Number(name));
  }
  return pids;
}

/** Polls until `check` holds (every 100 ms, up to `timeoutMs`); returns whether it did. Generous by design: CI machines are loaded. */
export async function waitFor(check: () => boolean, timeoutMs = 30_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (check()) return true;
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A marker unique to one test, to find exactly the processes that test started. */
export function uniqueMarker(name: string): string {
  return `tt-orphan-${name}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}
