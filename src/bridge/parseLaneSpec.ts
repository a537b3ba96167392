/** `--lane NAME | NAME=CMD | NAME=serve:CMD` (ecosystem.md §7, fuzz CLI). */
import type { BridgeError } from '../types/errors.js';
import { err, ok, type Result } from '../types/result.js';

/** A parsed `--lane` argument. @public */
export type LaneSpec =
  | { readonly kind: 'builtin'; readonly name: 'cooperative' | 'reference' | 'threaded' | 'lean' }
  | {
      readonly kind: 'process';
      readonly name: string;
      readonly command: string;
      readonly serve: boolean;
      /** Configured as Lean-compatible (`lean:`): its hard-failure texts are compared too. */
      readonly leanTexts: boolean;
    };

/** The command part of a lane: the command and what its prefixes asked for. @public */
export interface LaneCommand {
  readonly command: string;
  /** `serve:`: one long-lived `--serve`-style process spoken to line by line. */
  readonly serve: boolean;
  /** `lean:`: the runner speaks the Lean runner's hard-failure texts (bridge.md §1). */
  readonly leanTexts: boolean;
}

/**
 * Splits the prefixes off a lane command: `serve:` (line protocol) and `lean:` (Lean-compatible:
 * rejections are compared by their hard-failure text too), in either order, each at most once.
 * The command is empty when nothing follows them.
 * @example `parseLaneCommand('lean:serve:my-runner --serve') // { command: 'my-runner --serve', serve: true, leanTexts: true }`
 * @public
 */
export function parseLaneCommand(text: string): LaneCommand {
  let command = text.trim();
  let serve = false;
  let leanTexts = false;
  for (;;) {
    if (!serve && command.startsWith('serve:')) serve = true;
    else if (!leanTexts && command.startsWith('lean:')) leanTexts = true;
    else break;
    command = command.slice(command.indexOf(':') + 1).trim();
  }
  return { command, serve, leanTexts };
}

/** Names of the built-in lanes. @example `BUILTIN_LANES.includes('lean') // true` @public */
export const BUILTIN_LANES = ['cooperative', 'reference', 'threaded', 'lean'] as const;

/**
 * Parses one `--lane` value: a built-in name, or `NAME=CMD` (one process per request), or
 * `NAME=serve:CMD` (one `--serve`-style process for all requests); `lean:` before CMD (or after
 * `serve:`) declares the runner Lean-compatible ({@link parseLaneCommand}). The whole value is one
 * argument.
 * @example
 * ```ts
 * parseLaneSpec('ref=serve:telltale-lean-ref --serve');
 * // { ok: true, value: { kind: 'process', name: 'ref', command: 'telltale-lean-ref --serve', serve: true, leanTexts: false } }
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
  const { command, serve, leanTexts } = parseLaneCommand(text.slice(eq + 1));
  if (name === '' || !/^[A-Za-z0-9_.-]+$/.test(name)) {
    return err({
      code: 'UsageError',
      path: '$',
      message: `bad lane name '${name}' in '${text}'; write NAME=CMD with NAME made of letters, digits, '.', '_' or '-'`,
    });
  }
  if (command === '')
    return err({ code: 'UsageError', path: '$', message: `lane '${name}' has no command; write NAME=CMD` });
  return ok({ kind: 'process', name, command, serve, leanTexts });
}
