import { err, ok, type Result } from '../../types/result.js';
import { parseLaneCommand } from '../../bridge/parseLaneSpec.js';

/**
 * Parses repeated `--lane NAME=CMD` values (fuzz, replay, corpus minimize): NAME of letters, digits,
 * `-` or `_`, not `lean` (that is `--lean CMD`), each NAME once, CMD not empty (`serve:CMD` = line
 * protocol, `lean:CMD` = Lean-compatible texts, see `parseLaneCommand`). Returns the lanes by name, or the usage message.
 * @example `parseLaneArgs(['ref=serve:telltale-lean-ref --serve']) // { ok: true, value: { ref: 'serve:telltale-lean-ref --serve' } }`
 * @internal
 */
export function parseLaneArgs(values: readonly string[]): Result<Record<string, string>, string> {
  const lanes: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const name = eq < 0 ? '' : value.slice(0, eq).trim();
    const command = eq < 0 ? '' : value.slice(eq + 1).trim();
    if (!/^[A-Za-z0-9_-]+$/.test(name) || parseLaneCommand(command).command === '')
      return err(`--lane expects NAME=CMD (NAME of letters, digits, - or _), got '${value}'`);
    if (name === 'lean') return err('--lane lean=… is reserved; use --lean CMD for the Lean runner');
    if (name in lanes) return err(`--lane ${name} given twice`);
    lanes[name] = command;
  }
  return ok(lanes);
}
