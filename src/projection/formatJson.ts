import { compareCodePoints } from './_internals/codePoint.js';

/** Options of {@link formatJson}. @example `formatJson(doc, { indent: 2, sortKeys: true })` @public */
export interface FormatJsonOptions {
  /** Spaces per indentation level; 0 = compact. Only the first 64 levels are indented (deeper values are written compact), so the output stays linear in the document. @defaultValue 0 */
  readonly indent?: number;
  /** Write object keys in code-point order (Lean's printer, Rust's `serde_json::Value`). @defaultValue false */
  readonly sortKeys?: boolean;
}

type Item = { readonly v: unknown; readonly depth: number } | string;

/** Nesting levels that get their own indented lines; deeper values are written compact. @internal */
export const kIndentLevels = 64;

/**
 * `JSON.stringify` for plain JSON data without recursion, so that the very deep types the
 * Lean-compatible decoder accepts can still be printed (undefined members are skipped, non-finite
 * numbers print as `null`, like `JSON.stringify`).
 * @example
 * ```ts
 * formatJson({ b: 1, a: [true] }, { sortKeys: true });        // '{"a":[true],"b":1}'
 * formatJson({ kind: 'end' }, { indent: 2 });                  // '{\n  "kind": "end"\n}'
 * ```
 * @public
 */
export function formatJson(value: unknown, options: FormatJsonOptions = {}): string {
  const indent = options.indent ?? 0;
  const sortKeys = options.sortKeys ?? false;
  // Indentation grows with depth: past kIndentLevels the rest of a value is written compact, so a
  // deeply nested document prints in output linear in its size (not depth × size).
  const pad = (depth: number): string =>
    indent > 0 && depth <= kIndentLevels ? `\n${' '.repeat(indent * depth)}` : '';
  const colon = indent > 0 ? ': ' : ':';
  const out: string[] = [];
  const stack: Item[] = [{ v: value, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const { v, depth } = item;
    if (v === null || typeof v !== 'object') {
      out.push(typeof v === 'number' && !Number.isFinite(v) ? 'null' : (JSON.stringify(v) ?? 'null'));
      continue;
    }
    const parts: Item[] = [];
    if (Array.isArray(v)) {
      if (v.length === 0) {
        out.push('[]');
        continue;
      }
      parts.push('[');
      v.forEach((e, i) => parts.push(`${i > 0 ? ',' : ''}${pad(depth + 1)}`, { v: e, depth: depth + 1 }));
      parts.push(`${pad(depth)}]`);
    } else {
      // A non-null, non-array object here.
      const rec = v as Record<string, unknown>;
      const keys = Object.keys(rec).filter((k) => rec[k] !== undefined);
      if (sortKeys) keys.sort(compareCodePoints);
      if (keys.length === 0) {
        out.push('{}');
        continue;
      }
      parts.push('{');
      keys.forEach((k, i) =>
        parts.push(`${i > 0 ? ',' : ''}${pad(depth + 1)}${JSON.stringify(k)}${colon}`, { v: rec[k], depth: depth + 1 }),
      );
      parts.push(`${pad(depth)}}`);
    }
    for (const part of parts.reverse()) stack.push(part);
  }
  return out.join('');
}
