/**
 * Splits an external command given as ONE string (`--lean CMD`, `--lane NAME=CMD`) into argv, the way
 * ecosystem.md §7 asks: whitespace separates words, single or double quotes group (and are removed),
 * a backslash outside single quotes escapes the next character. No shell, no expansion.
 * @example
 * ```ts
 * splitCommand(`node "my runner.mjs" --serve`); // ['node', 'my runner.mjs', '--serve']
 * ```
 * @public
 */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i += 1) {
    // i < text.length.
    const ch = text[i] as string;
    if (quote !== null) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length && (text[i + 1] === '"' || text[i + 1] === '\\')) {
        i += 1;
        current += text[i];
      } else current += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      i += 1;
      current += text[i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  // An unterminated quote keeps what it collected: better a visible odd argument than a silent drop.
  if (inWord) words.push(current);
  return words;
}
