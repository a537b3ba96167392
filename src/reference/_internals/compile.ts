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
  // Loop targets by name; a name bound twice resolves to the newest binding (bindings are never
  // popped, so a map overwritten in visiting order is the whole story).
  const loops = new Map<string, number>();

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
        const hit = loops.get(t.name);
        code.push(hit === undefined ? { op: 'halt' } : { op: 'jump', target: hit });
        break;
      }
      case 'rec':
        loops.set(t.var, code.length);
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
 * projected type is a `select`/`branch`; an unbound name becomes index 0. Iterative (an explicit
 * stack) and linear: binders are kept per name as a stack of depths, so a lookup is O(1).
 */
export function toSessionType(local: LocalType): SessionType {
  type Task =
    | { readonly kind: 'visit'; readonly t: LocalType }
    | { readonly kind: 'mu' }
    | { readonly kind: 'unbind'; readonly name: string }
    | { readonly kind: 'comm'; readonly t: Extract<LocalType, { kind: 'send' | 'recv' }> };
  const depthsByName = new Map<string, number[]>();
  let depth = 0;
  const tasks: Task[] = [{ kind: 'visit', t: local }];
  const values: SessionType[] = [];
  while (tasks.length > 0) {
    const task = tasks.pop() as Task;
    if (task.kind === 'mu') {
      values.push({ kind: 'mu', body: values.pop() as SessionType });
      continue;
    }
    if (task.kind === 'unbind') {
      depthsByName.get(task.name)?.pop();
      depth -= 1;
      continue;
    }
    if (task.kind === 'comm') {
      const { t } = task;
      const conts = values.splice(values.length - t.branches.length, t.branches.length);
      values.push({
        kind: t.kind === 'send' ? 'select' : 'branch',
        partner: t.partner,
        branches: t.branches.map((b, i) => ({ label: b.label.name, cont: conts[i] as SessionType })),
      });
      continue;
    }
    const t = task.t;
    switch (t.kind) {
      case 'end':
        values.push({ kind: 'end' });
        break;
      case 'var': {
        // The index counts outward from the innermost binder.
        const at = depthsByName.get(t.name);
        const bound = at === undefined || at.length === 0 ? undefined : (at[at.length - 1] as number);
        values.push({ kind: 'var', index: bound === undefined ? 0 : depth - 1 - bound });
        break;
      }
      case 'rec': {
        const at = depthsByName.get(t.var) ?? [];
        at.push(depth);
        depthsByName.set(t.var, at);
        depth += 1;
        tasks.push({ kind: 'mu' }, { kind: 'unbind', name: t.var }, { kind: 'visit', t: t.body });
        break;
      }
      case 'send':
      case 'recv':
        if (t.branches.length === 0) {
          values.push({ kind: 'end' });
          break;
        }
        tasks.push({ kind: 'comm', t });
        for (let i = t.branches.length - 1; i >= 0; i -= 1)
          tasks.push({ kind: 'visit', t: (t.branches[i] as (typeof t.branches)[number]).continuation });
        break;
    }
  }
  return values[0] as SessionType;
}

/**
 * Substitutes `replacement` for `var depth` (Lean `subst`), counting binders on the way down.
 * Iterative: the types may be nested hundreds of thousands of levels deep.
 */
function subst(root: SessionType, depth0: number, replacement: SessionType): SessionType {
  type Task =
    | { readonly kind: 'visit'; readonly t: SessionType; readonly depth: number }
    | { readonly kind: 'build'; readonly t: Exclude<SessionType, { kind: 'end' | 'var' }> };
  const tasks: Task[] = [{ kind: 'visit', t: root, depth: depth0 }];
  const values: SessionType[] = [];
  while (tasks.length > 0) {
    const task = tasks.pop() as Task;
    if (task.kind === 'build') {
      const t = task.t;
      if (t.kind === 'mu') values.push({ kind: 'mu', body: values.pop() as SessionType });
      else if ('cont' in t)
        values.push({ kind: t.kind, partner: t.partner, payload: t.payload, cont: values.pop() as SessionType });
      else {
        const conts = values.splice(values.length - t.branches.length, t.branches.length);
        values.push({
          kind: t.kind,
          partner: t.partner,
          branches: t.branches.map((b, i) => ({ label: b.label, cont: conts[i] as SessionType })),
        });
      }
      continue;
    }
    const { t, depth } = task;
    switch (t.kind) {
      case 'end':
        values.push(t);
        break;
      case 'var':
        values.push(t.index === depth ? replacement : t);
        break;
      case 'mu':
        tasks.push({ kind: 'build', t }, { kind: 'visit', t: t.body, depth: depth + 1 });
        break;
      case 'send':
      case 'recv':
        tasks.push({ kind: 'build', t }, { kind: 'visit', t: t.cont, depth });
        break;
      case 'select':
      case 'branch':
        tasks.push({ kind: 'build', t });
        for (let i = t.branches.length - 1; i >= 0; i -= 1)
          tasks.push({ kind: 'visit', t: (t.branches[i] as (typeof t.branches)[number]).cont, depth });
        break;
    }
  }
  return values[0] as SessionType;
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
