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
 * Where names come from: `'simple'` (today's short ASCII names), `'rich'` (see {@link NAME_CLASSES}),
 * or a user's arbitrary (its values must be non-empty; duplicates within a pool are made distinct).
 * @example `globalTypeArb({ names: 'rich' })`
 * @public
 */
export type NameSpace = 'simple' | 'rich' | fc.Arbitrary<string>;

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

/** How a pool name relates to an earlier one of the same pool: the near-collisions bugs confuse. */
type Variant = 'upper' | 'lower' | 'swapcase' | 'next' | 'nfd' | 'nfc' | 'suffix';

function variantOf(base: string, v: Variant): string {
  switch (v) {
    case 'upper':
      return base.toUpperCase();
    case 'lower':
      return base.toLowerCase();
    case 'swapcase':
      return [...base].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
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
  const slot = (i: number): fc.Arbitrary<{ readonly fresh: string } | { readonly of: number; readonly v: Variant }> => {
    const fresh = (space === 'rich' ? freshRichArb : space).map((s) => ({ fresh: s }));
    const simpleSlot = fc.constant({ fresh: simple[i] ?? simpleName('role', i) });
    if (space !== 'rich' || i === 0) return fc.oneof({ withCrossShrink: true }, simpleSlot, fresh);
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
  throw new TelltaleError(
    'InvalidOption',
    `${arb}: option names must be 'simple', 'rich' or an fc.Arbitrary<string>, got ${String(space)}`,
  );
}
