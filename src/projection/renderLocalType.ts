/**
 * The one shared renderer of the presentational `selected_type` text of step states
 * (bridge.md §4.6): Lean's `reprStr` of the machine's de Bruijn local type — derived `Repr`
 * documents laid out by Lean's `Format` pretty printer at width 120. Depends only on `src/types`
 * so the reference runner and the engines print the same text.
 */

import type { ValType } from '../types/session.js';
import { leanQuote } from './leanQuote.js';
import { foldDeep } from './_internals/deep.js';
import type { SessionType } from '../types/machine.js';

/** Lean `Std.Format`, the constructors derived `Repr` uses. */
type Doc =
  | { readonly t: 'text'; readonly s: string }
  | { readonly t: 'line' }
  | { readonly t: 'nest'; readonly n: number; readonly d: Doc }
  | { readonly t: 'group'; readonly d: Doc }
  | { readonly t: 'cat'; readonly ds: readonly Doc[] };

const LINE: Doc = { t: 'line' };
// Texts are immutable: the punctuation is shared rather than allocated per node (deep types build
// hundreds of thousands of documents).
const kTexts = new Map<string, Doc>();
const text = (s: string): Doc => {
  const known = kTexts.get(s);
  if (known !== undefined) return known;
  const d: Doc = { t: 'text', s };
  if (s.length <= 32 && kTexts.size < 4096) kTexts.set(s, d);
  return d;
};
const cat = (...ds: Doc[]): Doc => ({ t: 'cat', ds });
const group = (d: Doc): Doc => ({ t: 'group', d });
const nest = (n: number, d: Doc): Doc => ({ t: 'nest', n, d });
/** `Format.bracket l f r = group (nest l.length (l ++ f ++ r))`. */
const bracket = (l: string, d: Doc, r: string): Doc => group(nest(l.length, cat(text(l), d, text(r))));
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

function valType(t: ValType, prec: number): Doc {
  switch (t.kind) {
    case 'prod':
      return app('ValType.prod', [valType(t.left, 1), valType(t.right, 1)], prec);
    case 'chan':
      return app('ValType.chan', [text(String(t.sid)), text(leanQuote(t.role))], prec);
    default:
      return text(`ValType.${t.kind}`);
  }
}

// Successive steps render the continuations of earlier types, which are subtrees already laid out
// as documents: keep each node's document (per precedence) so only the layout is redone.
const kDocs = [new WeakMap<SessionType, Doc>(), new WeakMap<SessionType, Doc>()] as const;

/** The derived-`Repr` document of a type, built bottom-up with an explicit stack (types may nest arbitrarily deep). */
function doc(root: SessionType, rootPrec: 0 | 1): Doc {
  type Node = { readonly t: SessionType; readonly prec: 0 | 1 };
  const remember = (n: Node, d: Doc): Doc => {
    kDocs[n.prec].set(n.t, d);
    return d;
  };
  return foldDeep<Node, Doc>({ t: root, prec: rootPrec }, (n, s) => {
    const { t, prec } = n;
    const known = kDocs[prec].get(t);
    if (known !== undefined) return s.value(known);
    switch (t.kind) {
      case 'end':
        return s.value(text('LocalType.end_'));
      case 'var':
        return s.value(remember(n, app('LocalType.var', [text(String(t.index))], prec)));
      case 'mu':
        return s.combine([{ t: t.body, prec: 1 }], ([body]) => remember(n, app('LocalType.mu', [body as Doc], prec)));
      case 'send':
      case 'recv':
        return s.combine([{ t: t.cont, prec: 1 }], ([cont]) =>
          remember(
            n,
            app(`LocalType.${t.kind}`, [text(leanQuote(t.partner)), valType(t.payload, 1), cont as Doc], prec),
          ),
        );
      case 'select':
      case 'branch':
        return s.combine(
          t.branches.map((b) => ({ t: b.cont, prec: 0 as const })),
          (conts) => {
            const items = t.branches.map((b, k) =>
              bracket('(', joinComma([text(leanQuote(b.label)), conts[k] as Doc]), ')'),
            );
            const list = items.length === 0 ? text('[]') : bracket('[', joinComma(items), ']');
            return remember(n, app(`LocalType.${t.kind}`, [text(leanQuote(t.partner)), list], prec));
          },
        );
    }
  });
}

interface Item {
  readonly indent: number;
  readonly flat: boolean;
  readonly d: Doc;
}

/**
 * Lean's `spaceUptoLine`: does `first` (flattened) followed by the pending items fit in `width`
 * columns up to the next line break? Groups met on the way are measured flattened.
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

/** Lean `Format.pretty` (all-or-nothing groups). */
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
        // Lean indents without bound, so a type nested thousands of levels deep would print in text
        // quadratic in its size. Past the line width we lay groups out flat: identical to Lean's text
        // for every type that nests less deeply, linear for the rest.
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
  if (width !== 120) return pretty(doc(t, 0), width);
  // Every step of every lane renders the endpoint's current type, and those are the same few
  // immutable nodes over and over: layout once per node.
  let text = kRendered.get(t);
  if (text === undefined) {
    text = pretty(doc(t, 0), width);
    kRendered.set(t, text);
  }
  return text;
}

const kRendered = new WeakMap<SessionType, string>();
