import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describeFsError } from '../types/describeFsError.js';

/**
 * Why `file` could not be written (or replaced) here, or null when it can: its folder must exist
 * and be writable, and the path must not be a folder. Checked before long work (a fuzz campaign)
 * whose result would otherwise be lost at the end.
 * @example `fileWriteProblem('missing/report.json') // "the folder '/abs/missing' does not exist; create it first"`
 * @public
 */
export function fileWriteProblem(file: string): string | null {
  try {
    if (statSync(file).isDirectory()) return `'${file}' is a folder, not a file`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return `cannot access '${file}': ${describeFsError(error)}`;
  }
  return folderWriteProblem(dirname(resolve(file)), false);
}

/**
 * Why files could not be created under `dir` (a corpus directory), or null when they can. A missing
 * `dir` is fine when its nearest existing ancestor is a writable folder (it is created on the first
 * write).
 * @example `dirWriteProblem('corpora') // null`
 * @public
 */
export function dirWriteProblem(dir: string): string | null {
  return folderWriteProblem(resolve(dir), true);
}

function folderWriteProblem(dir: string, mayCreate: boolean): string | null {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return `cannot access '${dir}': ${describeFsError(error)}`;
    const parent = dirname(dir);
    if (!mayCreate || parent === dir) return `the folder '${dir}' does not exist; create it first`;
    return folderWriteProblem(parent, true);
  }
  if (!isDirectory) return `'${dir}' is not a folder`;
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    return `cannot write into '${dir}': ${describeFsError(error)}`;
  }
  return null;
}
