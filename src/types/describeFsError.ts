const kReasons: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
};

/**
 * A file-system error as one short phrase with its code, `permission denied (EACCES)`, instead of
 * Node's message that repeats the code and the path (`EACCES: permission denied, open '…'`): callers
 * name the path themselves, once.
 *
 * @example
 * ```ts
 * try { readFileSync(file); } catch (e) { console.error(`cannot read ${file}: ${describeFsError(e)}`); }
 * ```
 * @public
 */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return `${kReasons[code] ?? 'cannot access'} (${code})`;
  return error instanceof Error ? error.message : String(error);
}
