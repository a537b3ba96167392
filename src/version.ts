import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * Our package version, read once from the package.json above this file (src/ or dist/src/); the
 * CLI's `--version`, the library's `VERSION`, corpus entries and fuzz reports all print this one value.
 * @example `toolVersion() // '0.1.0'`
 * @internal
 */
export function toolVersion(): string {
  if (cached !== undefined) return cached;
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      // Only read: both fields are checked before use.
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'telltale-parity' && typeof pkg.version === 'string') return (cached = pkg.version);
    } catch {
      // try the next candidate
    }
  }
  return (cached = 'unknown');
}
