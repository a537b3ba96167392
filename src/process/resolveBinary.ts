import { statSync } from 'node:fs';
import path from 'node:path';
import type { EnvironmentVariables } from '../types/environment.js';

function isRegularFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Resolves a command the way a shell-free spawn will: a name with a path separator against `cwd`,
 * a bare name on `PATH`. Returns null when it is not a regular file (bridge.md §7: `BinaryNotFound`).
 */
export function resolveBinary(
  command: string,
  cwd: string | undefined,
  env: EnvironmentVariables | undefined,
): string | null {
  if (command === '') return null;
  if (command.includes('/') || (process.platform === 'win32' && command.includes('\\'))) {
    const full = path.resolve(cwd ?? process.cwd(), command);
    return isRegularFile(full) ? full : null;
  }
  const searchPath = (env ?? process.env).PATH ?? '';
  const exts =
    process.platform === 'win32' ? ['', ...((env ?? process.env).PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === '') continue;
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      if (isRegularFile(candidate)) return candidate;
    }
  }
  return null;
}
