/**
 * The public API a workload uses, loaded from a checkout's built entry (`<dir>/dist/src/index.js`):
 * this checkout or the baseline one. Only names both have are used, typed here by their shapes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: { message: string } };
export interface RunValue {
  readonly output: { readonly steps_executed: number; readonly trace: readonly unknown[] };
}
export interface Verdict {
  readonly pass: boolean;
}
export interface Property {
  readonly id: string;
  check(input: unknown, ctx: unknown): Verdict | Promise<Verdict>;
}
export interface Lane {
  run(request: unknown): Promise<unknown>;
  close?(): Promise<void>;
}
export interface ThreadedPool {
  close(): Promise<void>;
}

/** The entry points the workloads call. */
export interface Api {
  runCooperative(input: unknown, options?: object): Result<RunValue>;
  runThreaded(input: unknown, options?: object): Promise<Result<RunValue>>;
  createThreadedPool(options: { workers: number }): ThreadedPool;
  builtinProperties(): readonly Property[];
  defaultImplementations(): object;
  laneVsCooperative(name: string): Property;
  referenceLane(): Lane;
  run(request: unknown, options?: { lane?: Lane | string }): Promise<Result<unknown>>;
  observationallyEquivalent(left: unknown, right: unknown, options?: object): { equivalent: boolean };
}

/**
 * Loads the built package of the checkout at `dir`: its root entry, and its `internals` entry where
 * the checkout has one (names some versions moved there).
 */
export async function loadPackage(dir: string): Promise<Record<string, unknown>> {
  const root = (await import(pathToFileURL(join(dir, 'dist', 'src', 'index.js')).href)) as Record<string, unknown>;
  const internals = join(dir, 'dist', 'src', 'internals.js');
  if (!existsSync(internals)) return root;
  return { ...((await import(pathToFileURL(internals).href)) as Record<string, unknown>), ...root };
}

/** Loads the public API of the checkout at `dir`. */
export async function loadApi(dir: string): Promise<Api> {
  // The shapes above are what these names are in every checkout the benches compare.
  return (await loadPackage(dir)) as unknown as Api;
}

/** CPU time (user + system, ms) and wall time (ms) of `fn`. */
export async function timed(fn: () => Promise<void> | void): Promise<{ cpuMs: number; wallMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { cpuMs: (c.user + c.system) / 1000, wallMs };
}

/** Prints the workload's answer: one JSON line, the last line of output. */
export function answer(value: unknown): void {
  process.stdout.write(`\n${JSON.stringify(value)}\n`);
}
