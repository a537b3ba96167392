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
  const loops: (readonly [string, number])[] = []; // most recent last; searched from the end
  const go = (t: LocalType): void => {
    switch (t.kind) {
      case 'end':
        code.push(HALT);
        return;
      case 'var': {
        for (let i = loops.length - 1; i >= 0; i--) {
          const entry = loops[i];
          if (entry !== undefined && entry[0] === t.name) {
            code.push({ op: 'Jump', target: entry[1] });
            return;
          }
        }
        code.push(HALT);
        return;
      }
      case 'rec':
        loops.push([t.var, code.length]);
        go(t.body);
        return;
      case 'send': {
        const [first] = t.branches;
        if (first === undefined) {
          code.push(HALT);
          return;
        }
        if (t.branches.length === 1) {
          code.push(
            first.payload !== undefined
              ? { op: 'Send', chan: 0, val: 1 }
              : { op: 'Offer', chan: 0, label: first.label.name },
          );
          code.push(INVOKE);
        } else {
          code.push({ op: 'Offer', chan: 0, label: first.label.name });
        }
        go(first.continuation);
        return;
      }
      case 'recv': {
        const [first] = t.branches;
        if (first === undefined) {
          code.push(HALT);
          return;
        }
        if (t.branches.length === 1 && first.payload !== undefined) {
          code.push({ op: 'Receive', chan: 0, dst: 1 });
          code.push(INVOKE);
          go(first.continuation);
          return;
        }
        const at = code.length;
        code.push({ op: 'Choose', chan: 0, table: [] });
        const table: (readonly [string, number])[] = [];
        if (t.branches.length === 1) {
          table.push([first.label.name, code.length]);
          code.push(INVOKE);
          go(first.continuation);
        } else {
          for (const b of t.branches) {
            table.push([b.label.name, code.length]);
            go(b.continuation);
          }
        }
        code[at] = { op: 'Choose', chan: 0, table };
        return;
      }
    }
  };
  go(local);
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
  return code.map((i) => {
    switch (i.op) {
      case 'Choose':
        return { op: 'Choose', chan: i.chan, table: i.table.map(([l, pc]) => [l, pc + offset] as const) };
      case 'Jump':
        return { op: 'Jump', target: i.target + offset };
      case 'Spawn':
        return { op: 'Spawn', target: i.target + offset, args: i.args };
      default:
        return i;
    }
  });
}
