import { compareCodePoints } from './codePoint.js';

/**
 * Compact JSON with object keys in code-point order, as Rust's `serde_json::Value` prints it; used in
 * decode error messages (projection.md §3.1). Iterative so that a deeply nested value cannot overflow
 * the stack.
 */
export function compactJson(value: unknown): string {
  const out: string[] = [];
  // Work items are either a value to print or a literal string to emit.
  const stack: Array<{ v: unknown } | string> = [{ v: value }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const v = item.v;
    if (v === null || typeof v !== 'object') {
      out.push(typeof v === 'number' && !Number.isFinite(v) ? 'null' : (JSON.stringify(v) ?? 'null'));
    } else if (Array.isArray(v)) {
      const parts: Array<{ v: unknown } | string> = ['['];
      v.forEach((e, i) => {
        if (i > 0) parts.push(',');
        parts.push({ v: e });
      });
      parts.push(']');
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!);
    } else {
      const rec = v as Record<string, unknown>;
      const keys = Object.keys(rec).sort(compareCodePoints);
      const parts: Array<{ v: unknown } | string> = ['{'];
      keys.forEach((k, i) => {
        parts.push(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`);
        parts.push({ v: rec[k] });
      });
      parts.push('}');
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!);
    }
  }
  return out.join('');
}
