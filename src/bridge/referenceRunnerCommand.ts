import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitCommand } from '../process/splitCommand.js';

// This package's own reference runner, compiled and from source, seen from src/bridge/ or dist/src/bridge/.
const kOwnReferenceBins = [
  '../reference/bin.js',
  '../reference/bin.ts',
  '../../dist/src/reference/bin.js',
  '../../../src/reference/bin.ts',
].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));

function realpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * Whether an external command runs `telltale-lean-ref` (this package's reference runner) rather
 * than a Lean build: its program or one of its arguments is named `telltale-lean-ref`, or is this
 * package's `reference/bin` file. The `lean` lane refuses such a command, because its results would
 * be reported as Lean results (naming honesty: reference results are "reference").
 * @param command - The command as one string (`--lean CMD`), or already split.
 * @param cwd - Directory relative paths are resolved against. @defaultValue `process.cwd()`
 * @example
 * ```ts
 * isReferenceRunnerCommand('npx telltale-lean-ref'); // true
 * isReferenceRunnerCommand('lean/.lake/build/bin/protocol_machine_runner'); // false
 * ```
 * @public
 */
export function isReferenceRunnerCommand(command: string | readonly string[], cwd: string = process.cwd()): boolean {
  const words = typeof command === 'string' ? splitCommand(command) : command;
  const own = new Set(kOwnReferenceBins.map(realpath));
  return words.some((w) => {
    const base = path.basename(w);
    if (base === 'telltale-lean-ref' || base === 'telltale-lean-ref.cmd') return true;
    if (base !== 'bin.js' && base !== 'bin.ts') return false;
    return own.has(realpath(path.resolve(cwd, w)));
  });
}

/** The skip reason of a `lean` lane configured with the reference runner. @internal */
export function referenceAsLeanReason(command: string): string {
  return `lean lane: '${command}' runs telltale-lean-ref, the reference runner, not Lean; compare against it as a named lane (--lane ref=CMD)`;
}
