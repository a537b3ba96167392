/**
 * The Lean runner's compiler and type conversion (bridge.md §15.2 steps 3–4), written for the
 * reference runner alone: it must stay an independent reading of the spec, not a copy of src/machine.
 */
import type { LocalType } from '../../types/session.js';
import type { SessionType } from '../../types/machine.js';

/** The five instructions the compiler emits for projected types (bridge.md §15.6). */
export type RefInstr =
  | { readonly op: 'offer'; readonly label: string }
  | { readonly op: 'choose'; readonly table: readonly (readonly [string, number])[] }
  | { readonly op: 'invoke' }
  | { readonly op: 'jump'; readonly target: number }
  | { readonly op: 'halt' };

type MutableChoose = { op: 'choose'; table: (readonly [string, number])[] };

/**
 * Compiles one role's named local type; pcs start at 0 (relocated by the caller).
 * Loop targets are threaded through sibling branches and never popped (machine.md §10).
 */
export function compileLocal(local: LocalType): RefInstr[] {
  const code: (RefInstr | MutableChoose)[] = [];
  // Newest binding first; a name bound twice resolves to the newest binding.
  let loops: { name: string; pc: number }[] = [];

  // Explicit work stack instead of recursion: generated types can be deep.
  type Task = { kind: 'compile'; t: LocalType } | { kind: 'mark'; choose: MutableChoose; label: string };
  const stack: Task[] = [{ kind: 'compile', t: local }];
  while (stack.length > 0) {
    // The loop runs while the stack is non-empty.
    const task = stack.pop() as Task;
    if (task.kind === 'mark') {
      task.choose.table.push([task.label, code.length]);
      continue;
    }
    const t = task.t;
    switch (t.kind) {
      case 'end':
        code.push({ op: 'halt' });
        break;
      case 'var': {
        const hit = loops.find((l) => l.name === t.name);
        code.push(hit === undefined ? { op: 'halt' } : { op: 'jump', target: hit.pc });
        break;
      }
      case 'rec':
        loops = [{ name: t.var, pc: code.length }, ...loops];
        stack.push({ kind: 'compile', t: t.body });
        break;
      case 'send': {
        const [first, second] = t.branches;
        if (first === undefined) {
          code.push({ op: 'halt' });
        } else if (second === undefined) {
          code.push({ op: 'offer', label: first.label.name }, { op: 'invoke' });
          stack.push({ kind: 'compile', t: first.continuation });
        } else {
          // The runner always takes the first branch: the others are never compiled.
          code.push({ op: 'offer', label: first.label.name });
          stack.push({ kind: 'compile', t: first.continuation });
        }
        break;
      }
      case 'recv': {
        const [first, second] = t.branches;
        if (first === undefined) {
          code.push({ op: 'halt' });
        } else if (second === undefined) {
          const p = code.length;
          code.push({ op: 'choose', table: [[first.label.name, p + 1]] }, { op: 'invoke' });
          stack.push({ kind: 'compile', t: first.continuation });
        } else {
          const choose: MutableChoose = { op: 'choose', table: [] };
          code.push(choose);
          // Each branch starts where the previous one ended: push in reverse so branch 1 runs first.
          for (let i = t.branches.length - 1; i >= 0; i -= 1) {
            // i < branches.length.
            const b = t.branches[i] as (typeof t.branches)[number];
            stack.push({ kind: 'compile', t: b.continuation });
            stack.push({ kind: 'mark', choose, label: b.label.name });
          }
        }
        break;
      }
    }
  }
  const last = code[code.length - 1];
  if (last === undefined || (last.op !== 'halt' && last.op !== 'jump')) code.push({ op: 'halt' });
  return code;
}

/** Shifts jump and choose targets by a role's start offset inside the program. */
export function relocate(code: readonly RefInstr[], offset: number): RefInstr[] {
  return code.map((i) => {
    if (i.op === 'jump') return { op: 'jump', target: i.target + offset };
    if (i.op === 'choose') return { op: 'choose', table: i.table.map(([l, pc]) => [l, pc + offset] as const) };
    return i;
  });
}

/**
 * Named local type → the monitor's de Bruijn type (Lean `localTypeRToLocalType`): every message of a
 * projected type is a `select`/`branch`; an unbound name becomes index 0.
 */
export function toSessionType(local: LocalType, binders: readonly string[] = []): SessionType {
  switch (local.kind) {
    case 'end':
      return { kind: 'end' };
    case 'var': {
      // binders is innermost-last; the index counts outward from the innermost binder.
      const at = binders.lastIndexOf(local.name);
      return { kind: 'var', index: at < 0 ? 0 : binders.length - 1 - at };
    }
    case 'rec':
      return { kind: 'mu', body: toSessionType(local.body, [...binders, local.var]) };
    case 'send':
    case 'recv': {
      if (local.branches.length === 0) return { kind: 'end' };
      return {
        kind: local.kind === 'send' ? 'select' : 'branch',
        partner: local.partner,
        branches: local.branches.map((b) => ({ label: b.label.name, cont: toSessionType(b.continuation, binders) })),
      };
    }
  }
}

/** Substitutes `replacement` for `var depth` (Lean `subst`), counting binders on the way down. */
function subst(t: SessionType, depth: number, replacement: SessionType): SessionType {
  switch (t.kind) {
    case 'end':
      return t;
    case 'var':
      return t.index === depth ? replacement : t;
    case 'mu':
      return { kind: 'mu', body: subst(t.body, depth + 1, replacement) };
    case 'select':
    case 'branch':
      return {
        kind: t.kind,
        partner: t.partner,
        branches: t.branches.map((b) => ({ label: b.label, cont: subst(b.cont, depth, replacement) })),
      };
    case 'send':
    case 'recv':
      return { kind: t.kind, partner: t.partner, payload: t.payload, cont: subst(t.cont, depth, replacement) };
  }
}

/** One-level unfolding: `unfold(mu L) = L[0 := mu L]`; a `mu` under a `mu` stays a `mu`. */
export function unfold(t: SessionType): SessionType {
  return t.kind === 'mu' ? subst(t.body, 0, t) : t;
}

/**
 * Directed edges `sender→receiver` a role's type mentions (Lean's protocol edges), walking every
 * branch; self-edges are skipped. Keys are `sender\u0000receiver`.
 */
export function collectEdges(role: string, t: SessionType, into: Set<string>): void {
  const stack: SessionType[] = [t];
  while (stack.length > 0) {
    // The loop runs while the stack is non-empty.
    const cur = stack.pop() as SessionType;
    switch (cur.kind) {
      case 'select':
      case 'send':
        if (cur.partner !== role) into.add(edgeKey(role, cur.partner));
        break;
      case 'branch':
      case 'recv':
        if (cur.partner !== role) into.add(edgeKey(cur.partner, role));
        break;
      default:
        break;
    }
    if (cur.kind === 'mu') stack.push(cur.body);
    else if (cur.kind === 'select' || cur.kind === 'branch') for (const b of cur.branches) stack.push(b.cont);
    else if (cur.kind === 'send' || cur.kind === 'recv') stack.push(cur.cont);
  }
}

/** Key of a directed edge inside one session. */
export function edgeKey(sender: string, receiver: string): string {
  return `${sender}\u0000${receiver}`;
}
