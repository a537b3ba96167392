/**
 * Instruction-level planted bugs: mutations of the machine core itself (both engines run it), so
 * the cooperative and threaded engines stay in agreement and only an independent executor can
 * tell. Each bug patches one private method of `Machine.prototype` for the duration of a run and
 * restores it afterwards; the runs of a campaign are sequential, so nothing else sees the patch.
 */
import type { Implementations } from '../../src/fuzz/index.js';
import { Machine, runCooperative } from '../../src/machine/index.js';
import { runThreaded } from '../../src/threaded/index.js';
import type { Fault, Instruction } from '../../src/types/machine.js';

// The machine's private step methods, as the patches see them.
type Method = (this: MachineInternals, ...args: never[]) => unknown;
interface MachineInternals {
  readonly config: { readonly instructionCost: number; readonly bufferConfig: { readonly policy: { kind: string } } };
}
type Patch = (original: Method) => Method;

/** Runs `f` with the named methods of `Machine.prototype` replaced. */
async function patched<T>(patches: Readonly<Record<string, Patch>>, f: () => T | Promise<T>): Promise<T> {
  const proto = Machine.prototype as unknown as Record<string, Method>;
  const saved = new Map<string, Method>();
  for (const [name, patch] of Object.entries(patches)) {
    const original = proto[name];
    if (typeof original !== 'function') throw new Error(`Machine has no method ${name} to plant a bug in`);
    saved.set(name, original);
    proto[name] = patch(original);
  }
  try {
    return await f();
  } finally {
    for (const [name, original] of saved) proto[name] = original;
  }
}

/** Synchronous variant for the cooperative engine. */
function patchedSync<T>(patches: Readonly<Record<string, Patch>>, f: () => T): T {
  const proto = Machine.prototype as unknown as Record<string, Method>;
  const saved = new Map<string, Method>();
  for (const [name, patch] of Object.entries(patches)) {
    const original = proto[name];
    if (typeof original !== 'function') throw new Error(`Machine has no method ${name} to plant a bug in`);
    saved.set(name, original);
    proto[name] = patch(original);
  }
  try {
    return f();
  } finally {
    for (const [name, original] of saved) proto[name] = original;
  }
}

/** Both engines with the machine core patched. */
export function plantedMachine(patches: Readonly<Record<string, Patch>>): Partial<Implementations> {
  return {
    runCooperative: (input, options) => patchedSync(patches, () => runCooperative(input, options)),
    runThreaded: (input, options) =>
      patched(patches, () => runThreaded(input, options as Parameters<typeof runThreaded>[1])),
  };
}

/** `execute(c, instr)` with the instruction rewritten before it runs. */
const rewriting =
  (rewrite: (i: Instruction) => Instruction): Patch =>
  (original) =>
    function (this: MachineInternals, ...args: never[]) {
      const [c, instr] = args as unknown as [unknown, Instruction];
      return original.call(this, ...([c, rewrite(instr)] as never[]));
    };

/** `Move` writes the register after its destination. */
export const moveWrongRegister = plantedMachine({
  execute: rewriting((i) => (i.op === 'Move' ? { ...i, dst: i.dst + 1 } : i)),
});

/** `Jump` lands one instruction past its target. */
export const jumpOffByOne = plantedMachine({
  execute: rewriting((i) => (i.op === 'Jump' ? { ...i, target: i.target + 1 } : i)),
});

/** A full buffer under policy `drop` blocks the sender instead of faulting `flow_violation "buffer drop"`. */
export const dropAsBlock = plantedMachine({
  enqueue: (original) =>
    function (this: MachineInternals, ...args: never[]) {
      const r = original.call(this, ...args);
      return r === 'dropped' ? 'blocked' : r;
    },
});

const OUT_OF_CREDITS: Fault = { kind: 'out_of_credits' };

/**
 * Wrong fault precedence: the cost is checked before the monitor, so an instruction the monitor
 * rejects on an exhausted budget faults `out_of_credits` instead of `spec_fault "[monitor] …"`.
 */
export const creditsBeforeMonitor = plantedMachine({
  monitor: (original) =>
    function (this: MachineInternals, ...args: never[]) {
      const [c] = args as unknown as [{ budget: number }];
      if (this.config.instructionCost > c.budget) return OUT_OF_CREDITS;
      return original.call(this, ...args);
    },
});

/** Instructions of the code image in an `ImageRunCase` (the size the power tests bound). */
export function imageInstructions(input: unknown): number {
  const image = (input as { image?: { program?: { code?: unknown[] } } } | null)?.image;
  return image?.program?.code?.length ?? Number.POSITIVE_INFINITY;
}
