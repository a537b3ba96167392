import { formatJson } from '../formatJson.js';

/** Compact JSON with keys in code-point order, as Rust's `serde_json::Value` prints it (§3.1 messages). */
export function compactJson(value: unknown): string {
  return formatJson(value, { sortKeys: true });
}
