/**
 * The one shared renderer of the presentational `selected_type` text of step states
 * (bridge.md §4.6): Lean's `reprStr` of the machine's de Bruijn local type — derived `Repr`
 * documents laid out by Lean's `Format` pretty printer at width 120. Depends only on `src/types`
 * so the reference runner and the engines print the same text.
 */

import type { ValType } from '../types/session.js';
import { leanQuote } from './leanQuote.js';
import type { SessionBranch, SessionType } from '../types/machine.js';

/**
 * Lean `Std.Format`, the constructors derived `Repr` uses, plus `type`: the document of a type
 * node, expanded one level only when the layout breaks it (see {@link expand}).
 */
type Doc =
  | { readonly t: 'text'; readonly s: string }
  | { readonly t: 'line' }
  | { readonly t: 'nest'; readonly n: number; readonly d: Doc }
  | { readonly t: 'group'; readonly d: Doc }
  | { readonly t: 'cat'; readonly ds: readonly Doc[] }
  | { readonly t: 'type'; readonly type: SessionType; readonly prec: 0 | 1 };

const LINE: Doc = { t: 'line' };
// Texts are immutable: the punctuation is shared rather than allocated per node.
const kTexts = new Map<string, Doc>();
const text = (s: string): Doc => {
  const known = kTexts.get(s);
  if (known !== undefined) return known;
  const d: Doc = { t: 'text', s };
  if (s.length <= 32 && kTexts.size < 4096) kTexts.set(s, d);
  return d;
};
const group = (d: Doc): Doc => ({ t: 'group', d });
const nest = (n: number, d: Doc): Doc => ({ t: 'nest', n, d });
/** `Format.bracket l f r = group (nest l.length (l ++ f ++ r))`. */
const bracket = (l: string, d: Doc, r: string): Doc => group(nest(l.length, { t: 'cat', ds: [text(l), d, text(r)] }));
/** `Format.joinSep xs ("," ++ line)`. */
const joinComma = (xs: readonly Doc[]): Doc => {
  const ds: Doc[] = [];
  xs.forEach((x, i) => {
    if (i > 0) ds.push(text(','), LINE);
    ds.push(x);
  });
  return { t: 'cat', ds };
};

/**
 * A derived-`Repr` constructor application: `addAppParen (group (nest 2 (ctor ++ line ++ arg …))) prec`;
 * `addAppParen` parenthesises (with `Format.paren`) at `prec >= max_prec`.
 */
function app(ctor: string, args: readonly Doc[], prec: number): Doc {
  const ds: Doc[] = [text(ctor)];
  for (const a of args) ds.push(LINE, a);
  const body = group(nest(2, { t: 'cat', ds }));
  return prec > 0 ? bracket('(', body, ')') : body;
}

/** The one-line text of a value type at a precedence (derived `Repr`); products on an explicit stack. */
function flatValType(root: ValType, rootPrec: 0 | 1): string {
  const work: ({ readonly v: ValType; readonly prec: 0 | 1 } | string)[] = [{ v: root, prec: rootPrec }];
  let out = '';
  for (let w = work.pop(); w !== undefined; w = work.pop()) {
    if (typeof w === 'string') {
      out += w;
      continue;
    }
    const { v, prec } = w;
    const [open, close] = prec > 0 ? ['(', ')'] : ['', ''];
    if (v.kind === 'prod') {
      out += `${open}ValType.prod `;
      work.push(close, { v: v.right, prec: 1 }, ' ', { v: v.left, prec: 1 });
    } else if (v.kind === 'chan') out += `${open}ValType.chan ${String(v.sid)} ${leanQuote(v.role)}${close}`;
    else out += `ValType.${v.kind}`;
  }
  return out;
}

/** The document of a value type (small in practice, but built without recursion). */
function valTypeDoc(root: ValType, rootPrec: 0 | 1): Doc {
  const ops: ({ readonly v: ValType; readonly prec: 0 | 1 } | { readonly prod: 0 | 1 })[] = [
    { v: root, prec: rootPrec },
  ];
  const vals: Doc[] = [];
  for (let op = ops.pop(); op !== undefined; op = ops.pop()) {
    if ('prod' in op) {
      // Both parts are on `vals`, right on top.
      const right = vals.pop() as Doc;
      const left = vals.pop() as Doc;
      vals.push(app('ValType.prod', [left, right], op.prod));
      continue;
    }
    const { v, prec } = op;
    if (v.kind === 'prod') ops.push({ prod: prec }, { v: v.right, prec: 1 }, { v: v.left, prec: 1 });
    else if (v.kind === 'chan') vals.push(app('ValType.chan', [text(String(v.sid)), text(leanQuote(v.role))], prec));
    else vals.push(text(`ValType.${v.kind}`));
  }
  return vals[0] as Doc;
}

// Successive steps render the continuations of earlier types: keep each node's one-level document
// and its one-line text (per precedence), so only the layout of the first levels is redone.
const kDocs = [new WeakMap<SessionType, Doc>(), new WeakMap<SessionType, Doc>()] as const;
const kFlat = [new WeakMap<SessionType, string>(), new WeakMap<SessionType, string>()] as const;

/** The derived-`Repr` document of one type node, its children left as `type` documents. */
function expand(t: SessionType, prec: 0 | 1): Doc {
  const known = kDocs[prec].get(t);
  if (known !== undefined) return known;
  let d: Doc;
  switch (t.kind) {
    case 'end':
      return text('LocalType.end_');
    case 'var':
      d = app('LocalType.var', [text(String(t.index))], prec);
      break;
    case 'mu':
      d = app('LocalType.mu', [{ t: 'type', type: t.body, prec: 1 }], prec);
      break;
    case 'send':
    case 'recv':
      d = app(
        `LocalType.${t.kind}`,
        [text(leanQuote(t.partner)), valTypeDoc(t.payload, 1), { t: 'type', type: t.cont, prec: 1 }],
        prec,
      );
      break;
    case 'select':
    case 'branch': {
      const items = t.branches.map((b) =>
        bracket('(', joinComma([text(leanQuote(b.label)), { t: 'type', type: b.cont, prec: 0 }]), ')'),
      );
      const list = items.length === 0 ? text('[]') : bracket('[', joinComma(items), ']');
      d = app(`LocalType.${t.kind}`, [text(leanQuote(t.partner)), list], prec);
      break;
    }
  }
  kDocs[prec].set(t, d);
  return d;
}

/**
 * The one-line text of a type at a precedence: what its document prints with every group flat.
 * Built bottom-up on an explicit stack with `+` (V8 joins strings by reference, so the texts of
 * subtrees already known are not copied); every node's text is kept.
 */
const kKeepEvery = 32;

function flatType(root: SessionType, rootPrec: 0 | 1): string {
  const known = kFlat[rootPrec].get(root);
  if (known !== undefined) return known;
  // A type to print, a literal piece, or how to finish a node from the last `parts` texts.
  type Op =
    | { readonly type: SessionType; readonly prec: 0 | 1; readonly depth: number }
    | string
    | {
        readonly done: SessionType;
        readonly prec: 0 | 1;
        readonly parts: number;
        readonly open: string;
        readonly keep: boolean;
      };
  const ops: Op[] = [{ type: root, prec: rootPrec, depth: 0 }];
  const vals: string[] = [];
  for (let op = ops.pop(); op !== undefined; op = ops.pop()) {
    if (typeof op === 'string') {
      vals.push(op);
      continue;
    }
    if ('done' in op) {
      let s = op.open;
      for (let k = vals.length - op.parts; k < vals.length; k++) s += vals[k] as string;
      vals.length -= op.parts;
      if (op.prec > 0) s = `(${s})`;
      if (op.keep) kFlat[op.prec].set(op.done, s);
      vals.push(s);
      continue;
    }
    const { type: t, prec } = op;
    const depth = op.depth + 1;
    // Keeping every node's text costs more (weak-map entries) than it saves: the root and one node
    // in kKeepEvery, so a later render stops within that many levels of a known text.
    const keep = depth === 1 || depth % kKeepEvery === 0;
    const hit = kFlat[prec].get(t);
    if (hit !== undefined) {
      vals.push(hit);
      continue;
    }
    switch (t.kind) {
      case 'end':
        vals.push('LocalType.end_');
        break;
      case 'var':
        vals.push(prec > 0 ? `(LocalType.var ${t.index})` : `LocalType.var ${t.index}`);
        break;
      case 'mu':
        ops.push({ done: t, prec, parts: 1, open: 'LocalType.mu ', keep }, { type: t.body, prec: 1, depth });
        break;
      case 'send':
      case 'recv':
        ops.push(
          {
            done: t,
            prec,
            parts: 1,
            open: `LocalType.${t.kind} ${leanQuote(t.partner)} ${flatValType(t.payload, 1)} `,
            keep,
          },
          { type: t.cont, prec: 1, depth },
        );
        break;
      case 'select':
      case 'branch': {
        const n = t.branches.length;
        const head = `LocalType.${t.kind} ${leanQuote(t.partner)} `;
        if (n === 0) {
          vals.push(prec > 0 ? `(${head}[])` : `${head}[]`);
          break;
        }
        // `[("l", T), ("m", U)]`: per branch its opening, its continuation and `)`; then `]`.
        ops.push({ done: t, prec, parts: 3 * n + 1, open: `${head}[`, keep }, ']');
        for (let k = n - 1; k >= 0; k--) {
          const b = t.branches[k] as SessionBranch;
          ops.push(')', { type: b.cont, prec: 0, depth }, `${k > 0 ? ', ' : ''}(${leanQuote(b.label)}, `);
        }
        break;
      }
    }
  }
  return vals[0] as string;
}

interface Item {
  readonly indent: number;
  readonly flat: boolean;
  readonly d: Doc;
}

/**
 * Lean's `spaceUptoLine`: does `first` (flattened) followed by the pending items fit in `width`
 * columns up to the next line break? Groups met on the way are measured flattened; a type
 * document is a group (or a text), so it counts its one-line text.
 */
function fits(width: number, first: Item, rest: readonly Item[]): boolean {
  let w = width;
  // `first` is expanded on its own stack; the pending items are then read in place, from the end,
  // without copying them (copying made long layouts quadratic).
  const todo: Item[] = [first];
  let pending = rest.length;
  while (w >= 0) {
    let it: Item;
    // Both pops are guarded by the lengths they test; the `cat` pushes below index in range.
    if (todo.length > 0) it = todo.pop() as Item;
    else if (pending > 0) it = rest[--pending] as Item;
    else break;
    const d = it.d;
    switch (d.t) {
      case 'text':
        w -= d.s.length;
        break;
      case 'type':
        w -= flatType(d.type, d.prec).length;
        break;
      case 'line':
        if (!it.flat) return w >= 0;
        w -= 1;
        break;
      case 'nest':
        todo.push({ indent: it.indent + d.n, flat: it.flat, d: d.d });
        break;
      case 'group':
        todo.push({ indent: it.indent, flat: true, d: d.d });
        break;
      case 'cat':
        // k < d.ds.length.
        for (let k = d.ds.length - 1; k >= 0; k--) todo.push({ indent: it.indent, flat: it.flat, d: d.ds[k] as Doc });
        break;
    }
  }
  return w >= 0;
}

/**
 * Lean `Format.pretty` (all-or-nothing groups). A type laid out flat is printed from its kept
 * one-line text; one that breaks is expanded a level.
 */
function pretty(root: Doc, width: number): string {
  let out = '';
  let col = 0;
  const stack: Item[] = [{ indent: 0, flat: false, d: root }];
  while (stack.length > 0) {
    // The loop runs while the stack is non-empty; the `cat` push below indexes in range.
    const it = stack.pop() as Item;
    const d = it.d;
    switch (d.t) {
      case 'text':
        out += d.s;
        col += d.s.length;
        break;
      case 'type': {
        // Lean indents without bound, so a type nested thousands of levels deep would print in text
        // quadratic in its size. Past the line width we lay groups out flat: identical to Lean's text
        // for every type that nests less deeply, linear for the rest.
        if (it.flat || it.indent >= width) {
          const s = flatType(d.type, d.prec);
          out += s;
          col += s.length;
        } else stack.push({ indent: it.indent, flat: false, d: expand(d.type, d.prec) });
        break;
      }
      case 'line':
        if (it.flat) {
          out += ' ';
          col += 1;
        } else {
          out += '\n' + ' '.repeat(it.indent);
          col = it.indent;
        }
        break;
      case 'nest':
        stack.push({ indent: it.indent + d.n, flat: it.flat, d: d.d });
        break;
      case 'group': {
        const flat =
          it.flat || it.indent >= width || fits(width - col, { indent: it.indent, flat: true, d: d.d }, stack);
        stack.push({ indent: it.indent, flat, d: d.d });
        break;
      }
      case 'cat':
        for (let k = d.ds.length - 1; k >= 0; k--) stack.push({ indent: it.indent, flat: it.flat, d: d.ds[k] as Doc });
        break;
    }
  }
  return out;
}

/**
 * Renders a de Bruijn local type as Lean's `reprStr` does: derived-`Repr` constructor names
 * (`LocalType.select`, `LocalType.end_`, `LocalType.var 0`, `LocalType.mu (…)`), strings in Lean
 * quote syntax, branch lists `[("l", T), …]`, laid out by Lean's pretty printer at width 120
 * (short types stay on one line; longer ones break with Lean's nesting). The exact Lean text is
 * not pinned (bridge.md Q3); every lane of this product uses this function.
 * @param width - Line width of the layout. @defaultValue 120 (Lean's default)
 * @example
 * ```ts
 * renderLocalType({ kind: 'select', partner: 'B', branches: [{ label: 'ping', cont: { kind: 'end' } }] });
 * // 'LocalType.select "B" [("ping", LocalType.end_)]'
 * ```
 * @public
 */
export function renderLocalType(t: SessionType, width = 120): string {
  const root: Doc = { t: 'type', type: t, prec: 0 };
  if (width !== 120) return flattened(pretty(root, width));
  // Every step of every lane renders the endpoint's current type, and those are the same few
  // immutable nodes over and over: layout once per node.
  let text = kRendered.get(t);
  if (text === undefined) {
    text = flattened(pretty(root, width));
    kRendered.set(t, text);
  }
  return text;
}

const kRendered = new WeakMap<SessionType, string>();

/**
 * The text as one flat string. `pretty` joins kept subtree texts by reference (V8 cons strings,
 * nested as deep as the type); converting to a number makes V8 flatten it once, here, rather than
 * leaving every later reader to walk the pieces.
 */
function flattened(s: string): string {
  void Number(s);
  return s;
}
