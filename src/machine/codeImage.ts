/** Code images (machine.md §9.2–9.3): building, validation and JSON. */

import type { BridgeError } from '../types/errors.js';
import { pathIndex, pathKey } from '../types/errors.js';
import type { Result } from '../types/result.js';
import { err, ok } from '../types/result.js';
import type { GlobalType, LocalBranch, LocalType, Sort } from '../types/session.js';
import type { CodeImage, Instruction } from '../types/machine.js';
import { decodeGlobalLean } from '../projection/decodeGlobalLean.js';
import { decodeLocalLean } from '../projection/decodeLocalLean.js';
import { encodeGlobal } from '../projection/encodeGlobal.js';
import { encodeLocal } from '../projection/encodeLocal.js';
import { localEqual } from '../projection/localEqual.js';
import { checkProjection } from '../projection/checkProjection.js';
import { projectChecked } from '../projection/projectChecked.js';
import { compileLocalType, relocate } from './compileLocalType.js';
import { decodeInstruction, encodeInstruction } from './instructionCodec.js';
import { toSessionType } from './sessionType.js';
import { compareCodePoints } from '../projection/rolesSorted.js';
import { isRecord } from './_internals/json.js';
import { defineLazyProperty } from '../types/lazyProperty.js';

export { compareCodePoints };

/** The partners of a local type in first-occurrence order (depth first, branches in order). */
function partnersOf(root: LocalType): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  // An explicit stack: run requests nest types 100k levels deep (projection.md §3.2).
  const work: LocalType[] = [root];
  for (let t = work.pop(); t !== undefined; t = work.pop()) {
    if (t.kind === 'rec') work.push(t.body);
    else if (t.kind === 'send' || t.kind === 'recv') {
      if (!seen.has(t.partner)) {
        seen.add(t.partner);
        out.push(t.partner);
      }
      for (let k = t.branches.length - 1; k >= 0; k--) work.push((t.branches[k] as LocalBranch).continuation);
    }
  }
  return out;
}

/** FNV-1a 64 fed text piece by piece. */
class Fnv64 {
  private hi = 0xcbf29ce4;
  private lo = 0x84222325;
  feed(text: string): void {
    let { hi, lo } = this;
    for (let i = 0; i < text.length; i++) {
      lo = (lo ^ text.charCodeAt(i)) >>> 0;
      // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64
      const t = lo * 0x1b3;
      const carry = Math.floor(t / 0x100000000);
      hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
      lo = t >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
  }
  get value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }
}

/**
 * Feeds `JSON.stringify(encodeLocal(t))` to `out` without building the object or the string:
 * an explicit stack of pending nodes and text, so any depth of type or sort is fine.
 */
function writeCanonicalLocal(root: LocalType, out: (text: string) => void): void {
  const work: (LocalType | Exclude<Sort, string> | string)[] = [root];
  const q = JSON.stringify;
  for (let item = work.pop(); item !== undefined; item = work.pop()) {
    if (typeof item === 'string') {
      out(item);
      continue;
    }
    if (!('kind' in item)) {
      // A sort object: canonical keys only (encodeSort).
      if ('vector' in item) out(`{"vector":${q(item.vector)}}`);
      else {
        out('{"prod":[');
        const [a, b] = item.prod;
        work.push(']}', typeof b === 'string' ? q(b) : b, ',', typeof a === 'string' ? q(a) : a);
      }
      continue;
    }
    switch (item.kind) {
      case 'end':
        out('{"kind":"end"}');
        break;
      case 'var':
        out(`{"kind":"var","name":${q(item.name)}}`);
        break;
      case 'rec':
        out(`{"kind":"rec","var":${q(item.var)},"body":`);
        work.push('}', item.body);
        break;
      case 'send':
      case 'recv': {
        out(`{"kind":${q(item.kind)},"partner":${q(item.partner)},"branches":[`);
        work.push(']}');
        for (let k = item.branches.length - 1; k >= 0; k--) {
          const b = item.branches[k] as LocalBranch;
          const sort = b.label.sort;
          work.push(
            '}',
            b.continuation,
            '},"continuation":',
            typeof sort === 'string' ? q(sort) : sort,
            `${k > 0 ? ',' : ''}{"label":{"name":${q(b.label.name)},"sort":`,
          );
        }
        break;
      }
    }
  }
}

// Any stable value is allowed in Tier 1 (machine.md §9.2 step 5); FNV-1a 64 over the JSON of the
// sorted local types keeps it deterministic without reproducing Lean's `repr`-based hash. The 64-bit
// product is computed on two 32-bit halves: BigInt arithmetic per character cost more than the rest
// of loading a choreography.
function sourceHash(pairs: readonly (readonly [string, LocalType])[]): bigint {
  // The text hashed is `JSON.stringify(pairs.map(([r, t]) => [r, encodeLocal(t)]))`, streamed.
  const h = new Fnv64();
  const feed = (text: string): void => h.feed(text);
  h.feed('[');
  pairs.forEach(([role, t], k) => {
    h.feed(`${k > 0 ? ',' : ''}[${JSON.stringify(role)},`);
    writeCanonicalLocal(t, feed);
    h.feed(']');
  });
  h.feed(']');
  return h.value;
}

/**
 * Lean `CodeImage.fromLocalTypes` (machine.md §9.2): sorts roles by code point, compiles each
 * local type (§10), relocates and concatenates, records entry points, de Bruijn types and the
 * footprint summary.
 * @example
 * ```ts
 * const image = codeImageFromLocalTypes([['B', lb], ['A', la]], g); // entry points A→0, B→len(A)
 * ```
 * @public
 */
export function codeImageFromLocalTypes(
  localTypes: readonly (readonly [string, LocalType])[],
  globalType: GlobalType,
): CodeImage {
  const sorted = [...localTypes].sort((x, y) => compareCodePoints(x[0], y[0]));
  const code: Instruction[] = [];
  const entryPoints: (readonly [string, number])[] = [];
  for (const [role, t] of sorted) {
    const start = code.length;
    // One push per instruction: a spread of a deep type's code (100k+ instructions) overflows the stack.
    for (const i of relocate(compileLocalType(t), start)) code.push(i);
    entryPoints.push([role, start]);
  }
  const metadata = { name: '', version: 0 };
  // Nothing a run outputs reads the hash (only encodeCodeImage does): hashed on first read.
  defineLazyProperty(metadata, 'sourceHash', () => sourceHash(sorted));
  return {
    program: {
      code,
      entryPoints,
      localTypes: sorted.map(([r, t]) => [r, toSessionType(t)] as const),
      localTypesR: sorted,
      handlerTypes: [],
      metadata: Object.assign(metadata as typeof metadata & { readonly sourceHash: bigint }, {
        footprintSummary: sorted.map(([r, t]) => [r, partnersOf(t)] as const),
      }),
    },
    globalType,
  };
}

/**
 * Structural equality of named local types: labels (with sorts), payload annotations, partners
 * and μ/variable names (machine.md §9.3 check 5); projection's stack-safe `localEqual`.
 * @example `localTypeEquals({ kind: 'end' }, { kind: 'end' }) // true`
 * @public
 */
export const localTypeEquals: (a: LocalType, b: LocalType) => boolean = localEqual;

/** Options of {@link validateCodeImage}. @example `{ projected: true }` @public */
export interface ValidateCodeImageOptions {
  /**
   * The image's `localTypesR` are `projectCore`'s output for its global type (an image built by
   * {@link codeImageFromLocalTypes} from projections, as the run-request loader does): each is then
   * checked with `checkProjection` instead of being projected again and compared, with the same
   * answer at a third of the cost. @defaultValue false
   */
  readonly projected?: boolean;
}

/**
 * Lean `validateImage?` (machine.md §9.3): the first failing check's reason, or `null`.
 * @example `validateCodeImage(image) // null, or 'projection mismatch for role B'`
 * @public
 */
export function validateCodeImage(image: CodeImage, options: ValidateCodeImageOptions = {}): string | null {
  const entries = image.program.entryPoints.map(([r]) => r);
  const locals = image.program.localTypesR.map(([r]) => r);
  if (entries.length !== locals.length) return 'entry/local role arity mismatch';
  if (new Set(entries).size !== entries.length) return 'duplicate entry-point role';
  const localRoles = new Set(locals);
  if (localRoles.size !== locals.length) return 'duplicate local-type role';
  // Sets and a map, not `includes`/`find`: a loader-limit image lists a thousand roles.
  if (entries.some((r) => !localRoles.has(r))) return 'entry/local role mismatch';
  // Each role appears once among the local types here, so the map holds its only claim.
  const claims = new Map(image.program.localTypesR);
  for (const role of entries) {
    const claimed = claims.get(role);
    if (claimed === undefined || !projectionAccepted(image.globalType, role, claimed, options.projected === true))
      return `projection mismatch for role ${role}`;
  }
  return null;
}

/** Check 5 of §9.3: the checked projection exists and equals the claimed type. */
function projectionAccepted(g: GlobalType, role: string, claimed: LocalType, projected: boolean): boolean {
  // projectChecked(g, role) is projectCore(g, role) when checkProjection accepts it: for a claimed
  // type that is projectCore's, "checked and equal" is "checkProjection accepts the claim".
  if (projected) return checkProjection(g, role, claimed);
  const checked = projectChecked(g, role);
  return checked.ok && localTypeEquals(checked.value, claimed);
}

/**
 * Code image to JSON (Lean layout, snake_case; instructions in Rust serde; `source_hash` as a
 * decimal string so it survives `JSON.stringify`).
 * @example `JSON.stringify(encodeCodeImage(image))`
 * @public
 */
export function encodeCodeImage(image: CodeImage): unknown {
  const p = image.program;
  return {
    program: {
      code: p.code.map(encodeInstruction),
      entry_points: p.entryPoints.map(([r, pc]) => [r, pc]),
      local_types_r: p.localTypesR.map(([r, t]) => [r, encodeLocal(t)]),
      handler_types: [],
      metadata: {
        name: p.metadata.name,
        version: p.metadata.version,
        source_hash: p.metadata.sourceHash.toString(),
        footprint_summary: p.metadata.footprintSummary.map(([r, rs]) => [r, [...rs]]),
      },
    },
    global_type: encodeGlobal(image.globalType),
  };
}

function invalidImage(path: string, message: string): { readonly ok: false; readonly error: BridgeError } {
  return err({ code: 'InvalidCodeImage', path, message, reason: message });
}

function decodeCode(raw: unknown, path: string): Result<Instruction[], BridgeError> {
  if (!Array.isArray(raw)) return invalidImage(path, 'code must be an array of instructions');
  const out: Instruction[] = [];
  for (let k = 0; k < raw.length; k++) {
    const i = decodeInstruction(raw[k], pathIndex(path, k));
    if (!i.ok) return i;
    out.push(i.value);
  }
  return ok(out);
}

function decodeLocalAt(raw: unknown, path: string): Result<LocalType, BridgeError> {
  const r = decodeLocalLean(raw);
  if (!r.ok) return err({ ...r.error, path: path + r.error.path.slice(1) });
  return ok(r.value);
}

/**
 * Reads a code image from JSON: the Lean layout of {@link encodeCodeImage}
 * (`{program: {code, entry_points, local_types_r, ...}, global_type}`), or a Rust-shaped image
 * (`{programs: {role: Instr[]}, global_type, local_types: {role: LocalTypeR}}`) converted by
 * sorting roles and concatenating with relocation (MD-04), after Rust's shape checks (MD-17).
 * `local_types` (de Bruijn) and `footprint_summary` are always recomputed from `local_types_r`.
 * @example
 * ```ts
 * const r = decodeCodeImage(JSON.parse(text));
 * ```
 * @public
 */
export function decodeCodeImage(raw: unknown): Result<CodeImage, BridgeError> {
  if (!isRecord(raw)) return invalidImage('$', 'a code image must be a JSON object');
  const g = decodeGlobalLean(raw['global_type']);
  if (!g.ok) return err({ ...g.error, path: '$.global_type' + g.error.path.slice(1) });
  const globalType = g.value;
  if (isRecord(raw['programs'])) {
    const programs = raw['programs'];
    const lts = raw['local_types'];
    if (!isRecord(lts)) return invalidImage('$.local_types', 'a Rust image needs local_types: {role: LocalTypeR}');
    const progRoles = Object.keys(programs).sort(compareCodePoints);
    const ltRoles = Object.keys(lts).sort(compareCodePoints);
    if (progRoles.length === 0) return invalidImage('$.programs', 'code image must contain at least one role program');
    if (progRoles.join('\u0000') !== ltRoles.join('\u0000')) {
      return invalidImage(
        '$',
        `code image role mismatch: programs [${progRoles.join(', ')}], local_types [${ltRoles.join(', ')}]`,
      );
    }
    const code: Instruction[] = [];
    const entryPoints: (readonly [string, number])[] = [];
    const pairs: (readonly [string, LocalType])[] = [];
    for (const role of progRoles) {
      const c = decodeCode(programs[role], pathKey('$.programs', role));
      if (!c.ok) return c;
      const t = decodeLocalAt(lts[role], pathKey('$.local_types', role));
      if (!t.ok) return t;
      entryPoints.push([role, code.length]);
      for (const i of relocate(c.value, code.length)) code.push(i);
      pairs.push([role, t.value]);
    }
    const built = codeImageFromLocalTypes(pairs, globalType);
    return ok({ globalType, program: { ...built.program, code, entryPoints } });
  }
  const p = raw['program'];
  if (!isRecord(p))
    return invalidImage(
      '$.program',
      'expected program: {code, entry_points, local_types_r} or a Rust image with programs',
    );
  const code = decodeCode(p['code'], '$.program.code');
  if (!code.ok) return code;
  const eps = p['entry_points'];
  if (!Array.isArray(eps)) return invalidImage('$.program.entry_points', 'entry_points must be an array of [role, pc]');
  const entryPoints: (readonly [string, number])[] = [];
  for (let k = 0; k < eps.length; k++) {
    const e: unknown = eps[k];
    const role: unknown = Array.isArray(e) ? e[0] : undefined;
    const pc: unknown = Array.isArray(e) ? e[1] : undefined;
    if (
      !Array.isArray(e) ||
      e.length !== 2 ||
      typeof role !== 'string' ||
      typeof pc !== 'number' ||
      !Number.isSafeInteger(pc) ||
      pc < 0
    ) {
      return invalidImage(pathIndex('$.program.entry_points', k), 'an entry point is [role, pc]');
    }
    entryPoints.push([role, pc]);
  }
  const ltr = p['local_types_r'];
  if (!Array.isArray(ltr))
    return invalidImage('$.program.local_types_r', 'local_types_r must be an array of [role, LocalTypeR]');
  const pairs: (readonly [string, LocalType])[] = [];
  for (let k = 0; k < ltr.length; k++) {
    const e: unknown = ltr[k];
    const path = pathIndex('$.program.local_types_r', k);
    if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string')
      return invalidImage(path, 'a local type entry is [role, LocalTypeR]');
    const t = decodeLocalAt(e[1], pathIndex(path, 1));
    if (!t.ok) return t;
    pairs.push([e[0], t.value]);
  }
  const built = codeImageFromLocalTypes(pairs, globalType);
  const md = isRecord(p['metadata']) ? p['metadata'] : {};
  return ok({
    globalType,
    program: {
      code: code.value,
      entryPoints,
      // Keep the image's own role order (validation compares it against entry points).
      localTypes: pairs.map(([r, t]) => [r, toSessionType(t)] as const),
      localTypesR: pairs,
      handlerTypes: [],
      metadata: {
        name: typeof md['name'] === 'string' ? md['name'] : '',
        version: typeof md['version'] === 'number' ? md['version'] : 0,
        sourceHash: built.program.metadata.sourceHash,
        footprintSummary: pairs.map(
          ([r]) => [r, built.program.metadata.footprintSummary.find(([x]) => x === r)?.[1] ?? []] as const,
        ),
      },
    },
  });
}
