/**
 * Whether node was started with its own value of a V8 flag (in its arguments or `NODE_OPTIONS`):
 * a campaign's V8 settings never override the user's.
 */

/**
 * True when `flag` (`--name`), its `=value` form or its `--no-` form was given to node.
 * @example `v8FlagGiven('--max-inlined-bytecode-size-cumulative')`
 */
export function v8FlagGiven(flag: string): boolean {
  const name = flag.replace(/^--(no-)?/, '');
  const forms = new Set([
    `--${name}`,
    `--no-${name}`,
    `--${name.replaceAll('-', '_')}`,
    `--no-${name.replaceAll('-', '_')}`,
  ]);
  return [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)].some((a) =>
    forms.has(a.split('=')[0] ?? a),
  );
}
