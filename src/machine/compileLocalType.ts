/** The Lean compiler `compileLocalTypeR` (machine.md §10). */

import type { LocalType } from '../types/session.js';
import type { Instruction } from '../types/machine.js';

/** The named action compiled `Invoke`s carry (machine.md §10). @example `{ op: 'Invoke', action: DEFAULT_ACTION }` @public */
export const DEFAULT_ACTION = 'runtime.step';

const HALT: Instruction = Object.freeze({ op: 'Halt' });
const INVOKE: Instruction = Object.freeze({ op: 'Invoke', action: DEFAULT_ACTION });

/**
 * Compiles a named local type to instructions whose pcs start at 0, exactly as Lean's
 * `compileLocalTypeR` (machine.md §10): unannotated single messages become `Offer`/`Choose` +
 * `Invoke`, annotated ones `Send`/`Receive` + `Invoke`; a multi-branch send compiles only its
 * first branch; loop targets are threaded left to right and never popped; a trailing `Halt` is
 * added unless the code ends in `Halt`/`Jump`.
 * @example
 * ```ts
 * compileLocalType({ kind: 'send', partner: 'B', branches: [{ label: { name: 'ping', sort: 'unit' }, continuation: { kind: 'end' } }] });
 * // [Offer{0,"ping"}, Invoke{"runtime.step"}, Halt]
 * ```
 * @public
 */
export function compileLocalType(local: LocalType): Instruction[] {
  const code: Instruction[] = [];
  // Loop targets by name, newest binding wins; bindings are never popped, so they thread through
  // sibling branches left to right (a map overwritten in visiting order is the whole story).
  const loops = new Map<string, number>();
  // An explicit work stack, not recursion: a run request may nest types 100k levels deep
  // (projection.md §3.2). A string entry is a label whose branch starts at the next pc.
  const work: (LocalType | { readonly table: (readonly [string, number])[]; readonly label: string })[] = [local];
  for (let task = work.pop(); task !== undefined; task = work.pop()) {
    if (!('kind' in task)) {
      task.table.push([task.label, code.length]);
      continue;
    }
    const t = task;
    switch (t.kind) {
      case 'end':
        code.push(HALT);
        break;
      case 'var': {
        const target = loops.get(t.name);
        code.push(target === undefined ? HALT : { op: 'Jump', target });
        break;
      }
      case 'rec':
        loops.set(t.var, code.length);
        work.push(t.body);
        break;
      case 'send': {
        const [first] = t.branches;
        if (first === undefined) code.push(HALT);
        else {
          if (t.branches.length === 1) {
            code.push(
              first.payload !== undefined
                ? { op: 'Send', chan: 0, val: 1 }
                : { op: 'Offer', chan: 0, label: first.label.name },
              INVOKE,
            );
          } else code.push({ op: 'Offer', chan: 0, label: first.label.name });
          work.push(first.continuation);
        }
        break;
      }
      case 'recv': {
        const [first] = t.branches;
        if (first === undefined) code.push(HALT);
        else if (t.branches.length === 1 && first.payload !== undefined) {
          code.push({ op: 'Receive', chan: 0, dst: 1 }, INVOKE);
          work.push(first.continuation);
        } else {
          // The table fills in as each branch starts (branches compile one after the other).
          const table: (readonly [string, number])[] = [];
          code.push({ op: 'Choose', chan: 0, table });
          if (t.branches.length === 1) {
            table.push([first.label.name, code.length]);
            code.push(INVOKE);
            work.push(first.continuation);
          } else {
            for (let k = t.branches.length - 1; k >= 0; k--) {
              const b = t.branches[k] as (typeof t.branches)[number];
              work.push(b.continuation, { table, label: b.label.name });
            }
          }
        }
        break;
      }
    }
  }
  const last = code[code.length - 1];
  if (last === undefined || (last.op !== 'Halt' && last.op !== 'Jump')) code.push(HALT);
  return code;
}

/**
 * Shifts every `Choose` table pc, `Jump` target and `Spawn` target by `offset` (image building, §9.2).
 * @example `relocate([{ op: 'Jump', target: 0 }], 5) // [{ op: 'Jump', target: 5 }]`
 * @public
 */
export function relocate(code: readonly Instruction[], offset: number): Instruction[] {
  // Loops and pushes, not `map`: V8's `map` sometimes returns a holey array (its slow path), and one
  // holey table among packed ones changes the instructions' field types, which deoptimizes the
  // machine's whole step path in the middle of a run.
  const out: Instruction[] = [];
  for (const i of code) out.push(relocated(i, offset));
  return out;
}

function relocated(i: Instruction, offset: number): Instruction {
  switch (i.op) {
    case 'Choose': {
      const table: (readonly [string, number])[] = [];
      for (const [l, pc] of i.table) table.push([l, pc + offset]);
      return { op: 'Choose', chan: i.chan, table };
    }
    case 'Jump':
      return { op: 'Jump', target: i.target + offset };
    case 'Spawn':
      return { op: 'Spawn', target: i.target + offset, args: i.args };
    default:
      return i;
  }
}
