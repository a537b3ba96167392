/**
 * Reference runner throughput (bridge.md §1) on the client-server request of bridge.md §3 (11 steps,
 * step_states on): in-process `runReference`, one `telltale-lean-ref --serve` process (line protocol),
 * and one process per request. argv: `<checkout dir>`. Answers requests per second of each.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answer, loadPackage } from './api.js';

const [dir = '.'] = process.argv.slice(2);
const pkg = await loadPackage(dir);
type Ok = { readonly ok: boolean };
interface ProcessLane {
  run(request: unknown): Promise<Ok>;
  close?(): Promise<void>;
}
// The reference and bridge modules' names, as the package exports them.
const runReference = pkg['runReference'] as (r: unknown) => Ok;
const processLane = pkg['processLane'] as (name: string, cmd: string[], o?: object) => ProcessLane;

const request = JSON.parse(
  readFileSync(join(dir, 'test', 'fixtures', 'runners', 'requests', 'client-server.json'), 'utf8'),
) as unknown;
const bin = join(dir, 'dist', 'src', 'reference', 'bin.js');

async function perSecond(fn: () => Promise<void> | void, minMs: number, minCount = 1): Promise<number> {
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < minMs || count < minCount) {
    await fn();
    count += 1;
  }
  return (count * 1000) / (performance.now() - start);
}
function ok(r: Ok): void {
  if (!r.ok) throw new Error('reference run failed');
}

const inProcess = await perSecond(() => ok(runReference(request)), 1000);
const serve = processLane('ref-serve', [process.execPath, bin, '--serve'], { serve: true });
ok(await serve.run(request));
const served = await perSecond(async () => ok(await serve.run(request)), 1500);
await serve.close?.();
const perProcessLane = processLane('ref-process', [process.execPath, bin]);
const perProcess = await perSecond(async () => ok(await perProcessLane.run(request)), 2000, 5);
answer({ inProcess, served, perProcess });
