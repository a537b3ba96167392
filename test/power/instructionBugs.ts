/**
 * Instruction-level planted bugs: mutations of the machine core itself, which both engines run, so
 * the cooperative and threaded engines stay in agreement and only an independent executor can
 * tell. Each bug is a separate copy of the engines' module graph (Vitest's `vi.doMock` on one
 * instruction-family module of `src/machine/_internals`, then a fresh import of the engines); the
 * real modules the rest of the test uses are untouched.
 */
import { type Implementations } from '../../src/fuzz/implementations.js';
import type { ExecStatus, Fault, Instruction } from '../../src/types/machine.js';

type Module = Record<string, unknown>;
type Fn = (...args: never[]) => unknown;

const internals = (file: string): string => new URL(`../../src/machine/_internals/${file}`, import.meta.url).pathname;

/**
 * Whether these bugs are planted: module mocking needs Vitest's runner. Outside it (the bench's
 * child-process workloads) the bugs are the unchanged engines, and callers leave them out.
 */
export const instructionBugsPlanted = '__vitest_worker__' in globalThis;

/** The engines, imported afresh with `file`'s exports replaced by `patch`. */
async function plantedEngines(file: string, patch: (actual: Module) => Module): Promise<Partial<Implementations>> {
  if (!instructionBugsPlanted) return {};
  const { vi } = await import('vitest');
  const path = internals(file);
  vi.resetModules();
  vi.doMock(path, async () => patch(await vi.importActual<Module>(path)));
  const machine = await import('../../src/machine/runCooperative.js');
  const threaded = await import('../../src/threaded/runThreaded.js');
  vi.doUnmock(path);
  vi.resetModules();
  return {
    runCooperative: (input, options) => machine.runCooperative(input, options),
    runThreaded: (input, options) => threaded.runThreaded(input, options as Parameters<typeof threaded.runThreaded>[1]),
  };
}

/** Wraps one exported function of the module. */
const wrap =
  (name: string, around: (original: Fn) => Fn) =>
  (actual: Module): Module => ({ ...actual, [name]: around(actual[name] as Fn) });

type St = { readonly config: { readonly instructionCost: number } };
type Coro = { readonly budget: number };

/** `Move` writes the register after its destination. */
export const moveWrongRegister = await plantedEngines(
  'exec/registers.js',
  wrap(
    'execMove',
    (original) => (st: never, c: never, i: Instruction & { op: 'Move' }) =>
      (original as (s: never, c: never, i: Instruction) => ExecStatus)(st, c, { ...i, dst: i.dst + 1 }),
  ),
);

/** `Jump` lands one instruction past its target. */
export const jumpOffByOne = await plantedEngines(
  'exec/control.js',
  wrap(
    'execJump',
    (original) => (c: never, i: Instruction & { op: 'Jump' }) =>
      (original as (c: never, i: Instruction) => ExecStatus)(c, { ...i, target: i.target + 1 }),
  ),
);

/** A full buffer under policy `drop` blocks the sender instead of faulting `flow_violation "buffer drop"`. */
export const dropAsBlock = await plantedEngines(
  'exec/operands.js',
  wrap('enqueue', (original) => (...args: never[]) => {
    const r = original(...args);
    return r === 'dropped' ? 'blocked' : r;
  }),
);

const OUT_OF_CREDITS: Fault = { kind: 'out_of_credits' };

/**
 * Wrong fault precedence: the cost is checked before the monitor, so an instruction the monitor
 * rejects on an exhausted budget faults `out_of_credits` instead of `spec_fault "[monitor] …"`.
 */
export const creditsBeforeMonitor = await plantedEngines(
  'exec/monitor.js',
  wrap(
    'monitor',
    (original) => (st: St, c: Coro, i: never) =>
      st.config.instructionCost > c.budget
        ? OUT_OF_CREDITS
        : (original as (s: St, c: Coro, i: never) => unknown)(st, c, i),
  ),
);

/** Instructions of the code image in an `ImageRunCase` (the size the power tests bound). */
export function imageInstructions(input: unknown): number {
  const image = (input as { image?: { program?: { code?: unknown[] } } } | null)?.image;
  return image?.program?.code?.length ?? Number.POSITIVE_INFINITY;
}
