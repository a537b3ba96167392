/** `--lane NAME | NAME=CMD | NAME=serve:CMD` (ecosystem.md §7, fuzz CLI). */
import type { BridgeError } from '../types/errors.js';
import { err, ok, type Result } from '../types/result.js';

/** A parsed `--lane` argument. @public */
export type LaneSpec =
  | { readonly kind: 'builtin'; readonly name: 'cooperative' | 'reference' | 'threaded' | 'lean' }
  | { readonly kind: 'process'; readonly name: string; readonly command: string; readonly serve: boolean };

/** Names of the built-in lanes. @example `BUILTIN_LANES.includes('lean') // true` @public */
export const BUILTIN_LANES = ['cooperative', 'reference', 'threaded', 'lean'] as const;

/**
 * Parses one `--lane` value: a built-in name, or `NAME=CMD` (one process per request), or
 * `NAME=serve:CMD` (one `--serve`-style process for all requests). The whole value is one argument.
 * @example
 * ```ts
 * parseLaneSpec('ref=serve:telltale-lean-ref --serve');
 * // { ok: true, value: { kind: 'process', name: 'ref', command: 'telltale-lean-ref --serve', serve: true } }
 * ```
 * @public
 */
export function parseLaneSpec(text: string): Result<LaneSpec, BridgeError<'UsageError'>> {
  const eq = text.indexOf('=');
  if (eq < 0) {
    const name = text.trim();
    const builtin = BUILTIN_LANES.find((lane) => lane === name);
    if (builtin !== undefined) return ok({ kind: 'builtin', name: builtin });
    return err({
      code: 'UsageError',
      path: '$',
      message: `unknown lane '${text}'; use one of ${BUILTIN_LANES.join(', ')} or NAME=CMD`,
    });
  }
  const name = text.slice(0, eq).trim();
  let command = text.slice(eq + 1).trim();
  if (name === '' || !/^[A-Za-z0-9_.-]+$/.test(name)) {
    return err({
      code: 'UsageError',
      path: '$',
      message: `bad lane name '${name}' in '${text}'; write NAME=CMD with NAME made of letters, digits, '.', '_' or '-'`,
    });
  }
  let serve = false;
  if (command.startsWith('serve:')) {
    serve = true;
    command = command.slice('serve:'.length).trim();
  }
  if (command === '')
    return err({ code: 'UsageError', path: '$', message: `lane '${name}' has no command; write NAME=CMD` });
  return ok({ kind: 'process', name, command, serve });
}
