/**
 * The one shared renderer of the presentational `selected_type` text of step states
 * (bridge.md §4.6): a Lean-`reprStr`-like rendering of the machine's de Bruijn local type.
 * Depends only on `src/types` so the reference runner and the engines print the same text.
 */

import type { ValType } from '../types/session.js';
import type { SessionType } from '../types/machine.js';

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

function app(text: string, prec: number): string {
  return prec > 0 ? `(${text})` : text;
}

function valType(t: ValType, prec: number): string {
  switch (t.kind) {
    case 'prod':
      return app(`ValType.prod ${valType(t.left, 1)} ${valType(t.right, 1)}`, prec);
    case 'chan':
      return app(`ValType.chan ${t.sid} ${quote(t.role)}`, prec);
    default:
      return `ValType.${t.kind}`;
  }
}

function render(t: SessionType, prec: number): string {
  switch (t.kind) {
    case 'end':
      return 'LocalType.end_';
    case 'var':
      return app(`LocalType.var ${t.index}`, prec);
    case 'mu':
      return app(`LocalType.mu ${render(t.body, 1)}`, prec);
    case 'send':
    case 'recv':
      return app(`LocalType.${t.kind} ${quote(t.partner)} ${valType(t.payload, 1)} ${render(t.cont, 1)}`, prec);
    case 'select':
    case 'branch': {
      const items = t.branches.map((b) => `(${quote(b.label)}, ${render(b.cont, 0)})`);
      return app(`LocalType.${t.kind} ${quote(t.partner)} [${items.join(', ')}]`, prec);
    }
  }
}

/**
 * Renders a de Bruijn local type the way Lean's derived `Repr` prints it (`reprStr`), on one line:
 * constructor names `LocalType.select`, `LocalType.end_`, `LocalType.var 0`, `LocalType.mu (…)`,
 * strings in Lean quote syntax, branch lists as `[("l", T), …]`. Lean's 120-column line breaking
 * is not reproduced (bridge.md Q3: the text is not pinned).
 * @example
 * ```ts
 * renderLocalType({ kind: 'select', partner: 'B', branches: [{ label: 'ping', cont: { kind: 'end' } }] });
 * // 'LocalType.select "B" [("ping", LocalType.end_)]'
 * ```
 * @public
 */
export function renderLocalType(t: SessionType): string {
  return render(t, 0);
}
