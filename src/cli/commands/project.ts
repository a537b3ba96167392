/** `telltale-parity project`: project a global type on its roles (projection.md §11.3). */
import { compareCodePoints, rolesSorted } from '../../projection/rolesSorted.js';
import { decodeGlobal } from '../../projection/decodeGlobal.js';
import { decodeGlobalLeanText } from '../../projection/decodeGlobalLean.js';
import { encodeLocal } from '../../projection/encodeLocal.js';
import { formatJson } from '../../projection/formatJson.js';
import { project } from '../../projection/project.js';
import { projectChecked } from '../../projection/projectChecked.js';
import { projectCore } from '../../projection/projectCore.js';
import { roles } from '../../projection/roles.js';
import type { BridgeError } from '../../types/errors.js';
import type { Result } from '../../types/result.js';
import type { GlobalType, LocalType } from '../../types/session.js';
import { parseCommandArgs, usageError } from '../_internals/parseCommandArgs.js';
import { inputName, readInputBytes } from '../_internals/readInput.js';

const usage = `Usage: telltale-parity project FILE|- [--role R] [--merge | --checked] [--lean-compat]

Projects the global type in FILE (- = stdin) on every role, or on R alone, and prints one JSON
document: {"success": true, "projections": {...}} or {"success": true, "projection": ...}.

Options:
  --role R        project on R only (R need not occur in the type)
  --merge         Rust projection with merge (project) instead of Lean's projectCore
  --checked       projectCore, then Lean's projection check (what a run would load); not with --merge
  --lean-compat   decode with the Lean-compatible decoder (delegate accepted, unknown keys ignored)
  -h, --help      show this help

Exit codes: 0 success, 1 decode, merge or check failure (JSON on stdout), 2 usage or unreadable FILE.`;

interface ProjectArgs {
  readonly file: string;
  readonly role: string | undefined;
  readonly merge: boolean;
  readonly checked: boolean;
  readonly leanCompat: boolean;
}

/** The arguments of `project`, or the exit code when they are already answered (help, usage error). */
function parse(argv: readonly string[]): ProjectArgs | { readonly exitCode: number } {
  const parsed = parseCommandArgs('project', usage, argv, {
    role: { type: 'string' },
    merge: { type: 'boolean' },
    checked: { type: 'boolean' },
    'lean-compat': { type: 'boolean' },
  });
  if ('exitCode' in parsed) return parsed;
  const { values, positionals } = parsed;
  const [file, ...more] = positionals;
  if (file === undefined) return { exitCode: usageError('project', usage, 'missing FILE (a path, or - for stdin)') };
  if (more.length > 0)
    return { exitCode: usageError('project', usage, `expected exactly one FILE, got ${positionals.length}`) };
  if (values.merge === true && values.checked === true)
    return { exitCode: usageError('project', usage, '--merge and --checked cannot be combined') };
  return {
    file,
    role: values.role,
    merge: values.merge === true,
    checked: values.checked === true,
    leanCompat: values['lean-compat'] === true,
  };
}

type Outcome = { readonly exit: 0 | 1; readonly doc: Record<string, unknown> };

function decodeFailure(e: BridgeError): Outcome {
  return { exit: 1, doc: { success: false, error: e.code, message: e.message, path: e.path } };
}

function success(g: GlobalType, role: string | undefined, projectOne: (role: string) => LocalType): Outcome {
  if (role !== undefined) return { exit: 0, doc: { success: true, projection: encodeLocal(projectOne(role)) } };
  const projections: Record<string, LocalType> = {};
  for (const r of roles(g)) projections[r] = encodeLocal(projectOne(r));
  return { exit: 0, doc: { success: true, projections } };
}

/** The JSON document and exit code for a decoded type (exported for tests). @internal */
export function projectOutcome(g: GlobalType, args: Pick<ProjectArgs, 'role' | 'merge' | 'checked'>): Outcome {
  if (args.merge) {
    const results = new Map<string, LocalType>();
    for (const r of args.role === undefined ? rolesSorted(g) : [args.role]) {
      const res = project(g, r);
      if (!res.ok) return { exit: 1, doc: { success: false, ...res.error, failed_role: r } };
      results.set(r, res.value);
    }
    return success(g, args.role, (r) => {
      const local = results.get(r);
      // `success` asks for exactly the roles projected above.
      if (local === undefined) throw new Error(`project: no merge projection on ${r}`);
      return local;
    });
  }
  if (args.checked) {
    const toCheck = args.role === undefined ? [...roles(g)].sort(compareCodePoints) : [args.role];
    for (const r of toCheck) {
      const res = projectChecked(g, r);
      if (!res.ok) return { exit: 1, doc: { success: false, ...res.error, failed_role: r } };
    }
  }
  return success(g, args.role, (r) => projectCore(g, r));
}

/** Indented for people; compact when indentation would not fit in a string (types nested thousands deep). */
function printable(doc: unknown): string {
  try {
    return formatJson(doc, { indent: 2 });
  } catch (e) {
    if (e instanceof RangeError) return formatJson(doc);
    throw e;
  }
}

/**
 * Entry of `telltale-parity project` (projection.md §11.3).
 * @example
 * ```ts
 * const exit = await main(['protocol.json', '--role', 'A']);
 * ```
 * @public
 */
export async function main(argv: readonly string[]): Promise<number> {
  const args = parse(argv);
  if ('exitCode' in args) return args.exitCode;
  const input = await readInputBytes(args.file);
  if (!input.ok) {
    process.stderr.write(`telltale-parity project: cannot read ${inputName(args.file)}: ${input.error}\n`);
    return 2;
  }
  // The decoders apply the input rule themselves (projection.md §11.3: invalid UTF-8, or a BOM, is
  // not JSON), so the bytes go to them as read.
  const bytes = input.value;
  const decoded: Result<GlobalType, BridgeError> = args.leanCompat ? decodeGlobalLeanText(bytes) : decodeGlobal(bytes);
  let outcome: Outcome;
  try {
    outcome = decoded.ok ? projectOutcome(decoded.value, args) : decodeFailure(decoded.error);
  } catch (e) {
    // Only `--merge` on a type nested tens of thousands deep (Lean decoder, no limit) gets here:
    // Rust's merge projection has no stack-safe form and the strict decoder would refuse the input.
    if (!(e instanceof RangeError)) throw e;
    process.stderr.write(
      'telltale-parity project: the type is nested too deeply for merge projection (the strict decoder allows depth 256)\n',
    );
    return 2;
  }
  process.stdout.write(`${printable(outcome.doc)}\n`);
  return outcome.exit;
}
