/**
 * The one name generator of the arbitraries: role names, labels and recursion variables are drawn
 * from a name space. `'simple'` keeps short ASCII names (`A`–`D`, `m`, `ok`, `t0`, …); `'rich'` draws
 * from where naming bugs live (ordering, comparison, escaping, case folding, normalisation); a
 * user's own `fc.Arbitrary<string>` is used as given. Every rich name shrinks toward the simple name
 * of its slot, so a shrunk counterexample keeps only the names the failure needs.
 */
import fc from 'fast-check';
import { TelltaleError } from '../src/types/errors.js';

/**
 * The hazards a focused rich space draws from (see {@link NameSpace}): `case` — names equal up to
 * case (ASCII and non-ASCII case pairs, `ß`/`ẞ`, `İ`/`ı`, the Deseret pair 𐐷/𐐏); `astral` — astral
 * names and their siblings that share every UTF-16 unit but the last (the high surrogate too);
 * `order` — names whose code-point, UTF-16, case-insensitive and locale orders disagree (`a`/`B`,
 * `é`/`f`, `_`, U+FF21 beside an astral letter).
 * @example `NAME_HAZARDS.includes('astral') // true`
 * @public
 */
export const NAME_HAZARDS = Object.freeze(['case', 'astral', 'order'] as const);

/** One of {@link NAME_HAZARDS}. @example `const h: NameHazard = 'case';` @public */
export type NameHazard = (typeof NAME_HAZARDS)[number];

/**
 * Where names come from: `'simple'` (today's short ASCII names), `'rich'` (see {@link NAME_CLASSES}),
 * `'rich:<hazard>'` (rich names from one hazard of {@link NAME_HAZARDS} only, most slots a
 * near-collision of an earlier one: the swarm configurations that focus on one naming hazard), or a
 * user's arbitrary (its values must be non-empty; duplicates within a pool are made distinct).
 * @example `globalTypeArb({ names: 'rich' }); globalTypeArb({ names: 'rich:case' })`
 * @public
 */
export type NameSpace = 'simple' | 'rich' | `rich:${NameHazard}` | fc.Arbitrary<string>;

/** Whether a name space draws rich names (`'rich'` or a focused `'rich:<hazard>'`). @internal */
export function isRichSpace(space: NameSpace): space is 'rich' | `rich:${NameHazard}` {
  return typeof space === 'string' && (space === 'rich' || space.startsWith('rich:'));
}

/**
 * The classes of names `'rich'` covers, as `nameClassOf` reports them (most telling first):
 * `escape` (quotes, backslash, control characters, U+2028/9: JSON and Lean `repr` escape them),
 * `astral` (code points above U+FFFF: surrogate pairs in UTF-16), `case-fold` (two names of one case
 * equal up to case), `combining` (combining marks, so canonically equal names can differ), `order`
 * (characters in U+E000–U+FFFF, whose UTF-16 order differs from code-point order next to astral
 * ones), `non-ascii` (other BMP letters), `long` (more than 16 UTF-16 units), `reserved` (names
 * JavaScript objects already have, `__proto__`, `constructor`), `mixed` (ASCII with digits, `_` or
 * mixed case), and `simple`.
 * @example `NAME_CLASSES.includes('astral') // true`
 * @public
 */
export const NAME_CLASSES = Object.freeze([
  'escape',
  'astral',
  'case-fold',
  'combining',
  'order',
  'non-ascii',
  'long',
  'reserved',
  'mixed',
  'simple',
] as const);

/** One of {@link NAME_CLASSES}. @example `const c: NameClass = 'astral';` @public */
export type NameClass = (typeof NAME_CLASSES)[number];

const kReserved = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const kAscii = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_'];
const kBmp = [...'éÉßẞΩωЖжşŞİıあ中ǄǅǆÅåØ'];
// Astral letters and symbols; 𐐷/𐐏 are a Deseret case pair, 😀/😁 share their high surrogate.
const kAstral = ['𝔸', '𝔹', '😀', '😁', '𐐷', '𐐏', '𝟘', '🂡', '𠀀'];
// U+E000–U+FFFF: sort after astral characters by code point, before them in UTF-16.
const kHighBmp = ['\uFF21', '\uFF41', '\uFB01', '\uE000', '\uFFFD', '\uFE0F'];
const kCombining = ['\u0301', '\u0308', '\u0327', '\u20DD'];
const kEscape = ['"', '\\', '\n', '\t', '\r', '\u0000', '\u0001', '\u001f', '\u007f', '\u2028', '\u2029', "'", '/'];

const char = (xs: readonly string[]): fc.Arbitrary<string> => fc.constantFrom(...xs);
const word = (parts: fc.Arbitrary<string>, max: number): fc.Arbitrary<string> =>
  fc.array(parts, { minLength: 1, maxLength: max }).map((xs) => xs.join(''));

/** One fresh rich name (never empty, never a lone surrogate, never a comma: `opened.role` joins with it). */
const freshRichArb: fc.Arbitrary<string> = fc.oneof(
  word(char(kAscii), 8),
  word(fc.oneof(char(kAscii), char(kBmp)), 6),
  word(fc.oneof(char(kAscii), char(kAstral)), 5),
  // Ending in an astral character: its `next` sibling then shares the high surrogate.
  fc.tuple(word(char(kAscii), 3), char(kAstral)).map(([w, a]) => w + a),
  word(fc.oneof(char(kAscii), char(kHighBmp), char(kAstral)), 4),
  fc.tuple(word(char([...'aeouAEOU']), 3), char(kCombining)).map(([base, mark]) => base + mark),
  fc.constantFrom('é', 'e\u0301', 'Å', 'A\u030A', 'ǅ', 'Ǆ', 'ǆ'),
  fc.tuple(word(char(kAscii), 2), char(kEscape), word(char(kAscii), 2)).map(([a, e, b]) => a + e + b),
  fc.tuple(word(char(kAscii), 4), fc.integer({ min: 5, max: 16 })).map(([w, n]) => w.repeat(n).slice(0, 80)),
  fc.constantFrom(...kReserved),
);

// Letters with a case partner (toUpperCase/toLowerCase change them), BMP and astral (Deseret).
const kCased = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', ...'éÉßẞΩωЖжşŞİıǄǅǆÅå', '𐐷', '𐐏'];
// Characters whose code-point order, UTF-16 order, case-insensitive and locale orders disagree.
const kOrdered = [...'aAbBcCzZ_09', ...'éÉfäÄ', '\uFF21', '\uFF41', '\uE000', '𝔸', '😀', '𐐷'];

/** Fresh names of one hazard (never empty, never a lone surrogate, never a comma). */
const freshFocusArb: Readonly<Record<NameHazard, fc.Arbitrary<string>>> = {
  case: word(char(kCased), 4),
  // Ending in an astral character, so that every `next`/`prev` sibling shares its high surrogate.
  astral: fc
    .tuple(fc.array(fc.oneof(char(kAscii), char(kHighBmp), char(kAstral)), { maxLength: 2 }), char(kAstral))
    .map(([w, a]) => w.join('') + a),
  order: word(char(kOrdered), 3),
};

/** How a pool name relates to an earlier one of the same pool: the near-collisions bugs confuse. */
type Variant = 'upper' | 'lower' | 'swapcase' | 'flipFirst' | 'flipLast' | 'next' | 'prev' | 'nfd' | 'nfc' | 'suffix';

/** The near-collisions of each focused space: what that hazard confuses. */
const kFocusVariants: Readonly<Record<NameHazard, readonly Variant[]>> = {
  case: ['swapcase', 'upper', 'lower', 'flipFirst', 'flipLast'],
  astral: ['next', 'prev'],
  order: ['swapcase', 'flipFirst', 'next', 'suffix'],
};

const swapCase = (c: string): string => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase());

function variantOf(base: string, v: Variant): string {
  switch (v) {
    case 'upper':
      return base.toUpperCase();
    case 'lower':
      return base.toLowerCase();
    case 'swapcase':
      return [...base].map(swapCase).join('');
    case 'flipFirst': {
      const [first = 'a', ...rest] = [...base];
      return swapCase(first) + rest.join('');
    }
    case 'flipLast': {
      const cps = [...base];
      return cps.slice(0, -1).join('') + swapCase(cps[cps.length - 1] ?? 'a');
    }
    case 'prev': {
      // The last code point moved down by one: never into the surrogates, never below a plane's start.
      const cps = [...base];
      const cp = cps.pop()?.codePointAt(0) ?? 0x61;
      const prev = cp === 0 || cp === 0xe000 || cp === 0x10000 ? cp + 1 : cp - 1;
      return cps.join('') + String.fromCodePoint(prev);
    }
    case 'next': {
      // The last code point moved by one (within its plane): siblings that share every other unit.
      const cps = [...base];
      const last = cps.pop() ?? 'a';
      const cp = last.codePointAt(0) ?? 0x61;
      // Never into the surrogate range, never past a plane's end.
      const next = cp === 0xffff || cp === 0x10ffff || cp === 0xd7ff ? cp - 1 : cp + 1;
      return cps.join('') + String.fromCodePoint(next);
    }
    case 'nfd':
      return base.normalize('NFD');
    case 'nfc':
      return base.normalize('NFC');
    case 'suffix':
      return `${base}_`;
  }
}

/**
 * `name` with its last code point moved by one (never into the surrogates or past a plane): the
 * sibling name a careless comparison confuses with it. @internal
 */
export function nextName(name: string): string {
  return variantOf(name, 'next');
}

/** The simple name of slot `i` of a kind, when the caller gave no list. @internal */
export function simpleName(kind: 'role' | 'label' | 'variable', i: number): string {
  if (kind === 'variable') return `t${i}`;
  if (kind === 'label') return ['m', 'a', 'b', 'ok', 'err', 'next', 'stop', 'data'][i % 8] ?? 'm';
  return i < 26 ? String.fromCharCode(65 + i) : `R${i}`;
}

/**
 * A pool of distinct names, one per slot of `simple`, drawn from `space`: `'simple'` gives `simple`
 * itself; `'rich'` gives, per slot, a fresh rich name or a near-collision of an earlier slot's name
 * (equal up to case, the last code point moved by one, another Unicode normal form, a suffix); a
 * user's arbitrary gives its values. Names that collide with an earlier slot are made distinct by
 * falling back to the slot's simple name (then a numbered one). Each slot shrinks to its simple
 * name. Commas are replaced (the bridge joins role lists with them).
 * @param space - The name space.
 * @param simple - The simple names, one per slot (distinct).
 * @example
 * ```ts
 * fc.sample(namePoolArb('rich', ['A', 'B', 'C']), { seed: 1, numRuns: 1 }); // e.g. [['A', 'é_x', 'É_X']]
 * ```
 * @public
 */
export function namePoolArb(space: NameSpace, simple: readonly string[]): fc.Arbitrary<string[]> {
  checkNameSpace('namePoolArb', space);
  if (space === 'simple' || simple.length === 0) return fc.constant([...simple]);
  const hazard = typeof space === 'string' && space.startsWith('rich:') ? (space.slice(5) as NameHazard) : null;
  const freshArb =
    hazard !== null ? freshFocusArb[hazard] : space === 'rich' ? freshRichArb : (space as fc.Arbitrary<string>);
  const slot = (i: number): fc.Arbitrary<{ readonly fresh: string } | { readonly of: number; readonly v: Variant }> => {
    const fresh = freshArb.map((s) => ({ fresh: s }));
    const simpleSlot = fc.constant({ fresh: simple[i] ?? simpleName('role', i) });
    // A focused space's first slot is mostly fresh: the later slots are near-collisions of it.
    if (hazard !== null && i === 0)
      return fc.oneof({ withCrossShrink: true }, { weight: 1, arbitrary: simpleSlot }, { weight: 4, arbitrary: fresh });
    if (!isRichSpace(space) || i === 0) return fc.oneof({ withCrossShrink: true }, simpleSlot, fresh);
    if (hazard !== null) {
      // A focused space: most slots are a near-collision of an earlier slot, of the hazard's kind.
      const variant = fc.record({ of: fc.nat({ max: i - 1 }), v: fc.constantFrom(...kFocusVariants[hazard]) });
      return fc.oneof(
        { withCrossShrink: true },
        { weight: 1, arbitrary: simpleSlot },
        { weight: 2, arbitrary: fresh },
        { weight: 5, arbitrary: variant },
      );
    }
    const variant = fc.record({
      of: fc.nat({ max: i - 1 }),
      // `next` (a sibling sharing every unit but the last: for astral names, the high surrogate
      // too) is the near-collision most comparison bugs confuse: drawn as often as the others together.
      v: fc.oneof(
        { weight: 6, arbitrary: fc.constant<Variant>('next') },
        { weight: 6, arbitrary: fc.constantFrom<Variant>('swapcase', 'upper', 'lower', 'nfd', 'nfc', 'suffix') },
      ),
    });
    return fc.oneof(
      { withCrossShrink: true },
      { weight: 1, arbitrary: simpleSlot },
      { weight: 3, arbitrary: fresh },
      { weight: 2, arbitrary: variant },
    );
  };
  return fc.tuple(...simple.map((_, i) => slot(i))).map((slots) => {
    const out: string[] = [];
    const taken = new Set<string>();
    slots.forEach((s, i) => {
      const raw = 'fresh' in s ? s.fresh : variantOf(out[s.of] ?? simple[s.of] ?? 'a', s.v);
      let name = raw.replace(/,/g, '.');
      if (name === '' || taken.has(name)) name = simple[i] ?? simpleName('role', i);
      for (let k = 1; taken.has(name); k++) name = `${simple[i] ?? 'n'}${k}`;
      taken.add(name);
      out.push(name);
    });
    return out;
  });
}

/** Quotes, backslash, C0 controls, DEL, U+2028/9: escaped by JSON or Lean `repr`. */
function needsEscape(c: string): boolean {
  const cp = c.codePointAt(0) ?? 0;
  return c === '"' || c === '\\' || cp < 0x20 || cp === 0x7f || cp === 0x2028 || cp === 0x2029;
}

/**
 * The class of one name (see {@link NAME_CLASSES}; `case-fold` is a relation and needs
 * {@link nameClassOf}).
 * @example `nameClass('😀') // 'astral'`
 * @public
 */
export function nameClass(name: string): NameClass {
  if ([...name].some(needsEscape)) return 'escape';
  if (/[\u{10000}-\u{10ffff}]/u.test(name)) return 'astral';
  if (/\p{M}/u.test(name)) return 'combining';
  if (/[\ue000-\uffff]/.test(name)) return 'order';
  if ([...name].some((c) => (c.codePointAt(0) ?? 0) > 0x7f)) return 'non-ascii';
  if (name.length > 16) return 'long';
  if (kReserved.includes(name)) return 'reserved';
  if (/^(?:[A-Z][0-9]*|[a-z][a-z]*[0-9]*)$/.test(name)) return 'simple';
  return 'mixed';
}

/**
 * Every class among the names of one case, in {@link NAME_CLASSES} order: `case-fold` when two of
 * them, not both simple, are equal up to case; `[]` for no names.
 * @example `nameClassesOf(['ab', 'AB', '😀']) // ['astral', 'case-fold', 'mixed', 'simple']`
 * @public
 */
export function nameClassesOf(names: Iterable<string>): NameClass[] {
  const all = [...new Set(names)];
  const of = all.map(nameClass);
  const classes = new Set(of);
  // Two simple names equal up to case (role `A`, label `a`) are today's names, not a rich collision.
  const rich = all.filter((_, i) => of[i] !== 'simple').map((n) => n.toLowerCase());
  const simple = new Set(all.filter((_, i) => of[i] === 'simple').map((n) => n.toLowerCase()));
  if (new Set(rich).size < rich.length || rich.some((n) => simple.has(n))) classes.add('case-fold');
  return NAME_CLASSES.filter((c) => classes.has(c));
}

/**
 * The most telling class among the names of one case (the first of {@link nameClassesOf});
 * `simple` for no names.
 * @example `nameClassOf(['ab', 'AB']) // 'case-fold'`
 * @public
 */
export function nameClassOf(names: Iterable<string>): NameClass {
  return nameClassesOf(names)[0] ?? 'simple';
}

/** Checks a `names` option at the edge (when an arbitrary is built). @internal */
export function checkNameSpace(arb: string, space: unknown): NameSpace {
  if (space === 'simple' || space === 'rich' || space instanceof fc.Arbitrary) return space as NameSpace;
  if (
    typeof space === 'string' &&
    space.startsWith('rich:') &&
    (NAME_HAZARDS as readonly string[]).includes(space.slice(5))
  )
    return space as NameSpace;
  throw new TelltaleError(
    'InvalidOption',
    `${arb}: option names must be 'simple', 'rich', ${NAME_HAZARDS.map((h) => `'rich:${h}'`).join(', ')} or an fc.Arbitrary<string>, got ${String(space)}`,
  );
}
