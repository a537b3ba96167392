/**
 * Code-point (= UTF-8 byte) order of two strings (projection.md §4). JavaScript's `<` compares UTF-16
 * units, which disagrees for characters above U+FFFF; remapping the first differing unit fixes that
 * without decoding whole strings.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fix(x) - fix(y);
  }
  return a.length - b.length;
}

// Surrogates (U+D800–DFFF) encode code points above U+FFFF, so they must sort after U+E000–FFFF.
function fix(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
