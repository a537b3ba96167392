import { err, ok, type Result } from '../types/result.js';
import type { AsyncSubtypeError, Label, LocalBranch, LocalType } from '../types/session.js';
import { labelEqual } from './_internals/equal.js';

/** Default SISO fuel (Lean `defaultSisoFuel`, Rust `DEFAULT_SISO_UNFOLD_STEPS`). @example `asyncSubtype(a, b, DEFAULT_SISO_FUEL)` @public */
export const DEFAULT_SISO_FUEL = 10000;

type Tree = null | { readonly partner: string; readonly branches: ReadonlyArray<readonly [Label, Tree]> };
interface Segment {
  readonly input: Tree;
  readonly output: Tree;
}

class Stop {
  constructor(readonly error: AsyncSubtypeError) {}
}

const kMessages = {
  NotSisoDecomposable: 'type is not SISO decomposable',
  InputTreeMismatch: 'input trees do not match',
  OutputTreeMismatch: 'output trees do not match',
  UnfoldLimitExceeded: 'siso decomposition exceeded the unfold limit',
} as const;

function simple(error: keyof typeof kMessages): AsyncSubtypeError {
  return { error, message: kMessages[error] };
}

function outOfFuel(): never {
  throw new Stop(simple('UnfoldLimitExceeded'));
}

/** Plain (not capture-avoiding) substitution, as Lean's `substitute` (PRJ-D13). */
function substitute(t: LocalType, x: string, by: LocalType): LocalType {
  switch (t.kind) {
    case 'end':
      return t;
    case 'var':
      return t.name === x ? by : t;
    case 'rec':
      return t.var === x ? t : { kind: 'rec', var: t.var, body: substitute(t.body, x, by) };
    case 'send':
    case 'recv':
      return {
        kind: t.kind,
        partner: t.partner,
        branches: t.branches.map((b) => ({ ...b, continuation: substitute(b.continuation, x, by) })),
      };
  }
}

// Fuel is threaded exactly as in Lean: each recursive call gets the caller's fuel minus one, so the
// budget bounds the depth of each walk rather than a global step count.
function buildTree(fuel: number, t: LocalType, dir: 'send' | 'recv'): Tree {
  if (fuel === 0) outOfFuel();
  if (t.kind === 'end' || t.kind === 'var') return null;
  if (t.kind !== dir) throw new Stop(simple('NotSisoDecomposable'));
  const f = fuel - 1;
  return {
    partner: t.partner,
    branches: t.branches.map(
      (b) => [b.label, b.continuation.kind === dir ? buildTree(f, b.continuation, dir) : null] as const,
    ),
  };
}

function findExit(fuel: number, t: LocalType, dir: 'send' | 'recv'): LocalType | undefined {
  if (fuel === 0) outOfFuel();
  return t.kind === dir ? findExitIn(fuel - 1, t.branches, 0, dir) : undefined;
}

function findExitIn(
  fuel: number,
  bs: readonly LocalBranch[],
  from: number,
  dir: 'send' | 'recv',
): LocalType | undefined {
  let f = fuel;
  for (let i = from; ; i++) {
    if (f === 0) outOfFuel();
    f -= 1;
    const b = bs[i];
    if (b === undefined) return undefined;
    if (b.continuation.kind !== dir) return b.continuation;
    const inner = findExit(f, b.continuation, dir);
    if (inner !== undefined) return inner;
  }
}

function decompose(fuel: number, t0: LocalType): Segment[] {
  const out: Segment[] = [];
  let t = t0;
  let f = fuel;
  for (;;) {
    if (f === 0) outOfFuel();
    f -= 1;
    switch (t.kind) {
      case 'end':
      case 'var':
        return out;
      case 'rec':
        t = substitute(t.body, t.var, t);
        continue;
      case 'send':
      case 'recv': {
        const tree = buildTree(f, t, t.kind);
        out.push(t.kind === 'send' ? { input: null, output: tree } : { input: tree, output: null });
        const exit = findExit(f, t, t.kind);
        if (exit === undefined) return out;
        t = exit;
        continue;
      }
    }
  }
}

function compatible(sub: Tree, sup: Tree): boolean {
  if (sub === null || sup === null) return sub === sup;
  if (sub.partner !== sup.partner || sub.branches.length !== sup.branches.length) return false;
  for (const [label, tree] of sub.branches) {
    // PRJ-D12: the first sup branch with that name.
    const match = sup.branches.find(([l]) => l.name === label.name);
    if (match === undefined || !labelEqual(label, match[0]) || !compatible(tree, match[1])) return false;
  }
  return true;
}

/**
 * Conservative asynchronous subtyping (projection.md §9, Lean's definition and fuel): both types
 * are split into SISO segments, then compared segment by segment (input trees, then output trees),
 * up to branch order. Loops whose exit path returns forever give `UnfoldLimitExceeded`.
 * @param fuel - Decomposition budget. @defaultValue 10000
 * @example
 * ```ts
 * asyncSubtype(t, t);             // { ok: true, value: undefined } for t = !B{m. ?B{n. end}}
 * asyncSubtype(t, { kind: 'end' }); // PhaseMismatch (2 segments vs 0)
 * ```
 * @public
 */
export function asyncSubtype(
  sub: LocalType,
  sup: LocalType,
  fuel: number = DEFAULT_SISO_FUEL,
): Result<void, AsyncSubtypeError> {
  try {
    const a = decompose(fuel, sub);
    const b = decompose(fuel, sup);
    if (a.length !== b.length) {
      return err({
        error: 'PhaseMismatch',
        sub: a.length,
        sup: b.length,
        message: `siso phase mismatch: subtype has ${a.length} segments, supertype has ${b.length}`,
      });
    }
    for (const [i, x] of a.entries()) {
      const y = b[i];
      if (y === undefined) break; // the lengths are equal (checked above)
      if (!compatible(x.input, y.input)) return err(simple('InputTreeMismatch'));
      if (!compatible(x.output, y.output)) return err(simple('OutputTreeMismatch'));
    }
    return ok(undefined);
  } catch (e) {
    if (e instanceof Stop) return err(e.error);
    // Very deep types can exhaust the JS stack before the fuel; Lean would run out of fuel there.
    if (e instanceof RangeError) return err(simple('UnfoldLimitExceeded'));
    throw e;
  }
}
