/**
 * What one case of a built-in property exercised: its behavioural features and its statistics
 * buckets (issue #11 §3–4). Built from the input and the baseline run, after the verdict; cheap.
 */
import { nameClassesOf, type NameClass } from '../../../arbitraries/names.js';
import type { RunRequest, RunResult } from '../../types/bridge.js';
import type { BridgeError } from '../../types/errors.js';
import type { Result } from '../../types/result.js';
import type { CodeImage, SessionType } from '../../types/machine.js';
import type { GlobalType, LocalType } from '../../types/session.js';
import { decodeGlobalLean } from '../../projection/decodeGlobalLean.js';
import { projectCore } from '../../projection/projectCore.js';
import { roles as rolesOf } from '../../projection/roles.js';
import type { CaseObservation } from '../types.js';
import {
  FeatureSet,
  loadFeature,
  projectionFeatures,
  runFeatures,
  typeDepth,
  type RunFeatureContext,
} from './features.js';

/** `0`, `1`, …, `${cap}+`. */
function bucket(n: number, cap: number): string {
  return n >= cap ? `${cap}+` : String(n);
}

/** Steps in decades: `0`, `1-9`, `10-49`, `50-199`, `200+`. */
function stepsBucket(n: number): string {
  if (n === 0) return '0';
  if (n < 10) return '1-9';
  if (n < 50) return '10-49';
  if (n < 200) return '50-199';
  return '200+';
}

/**
 * Adds the `name` features of a case's names (as `nameFeatures` does) and returns its `names`
 * bucket (as `nameClassOf` does), classifying the names once for both.
 */
function addNameFeatures(names: readonly string[], features: FeatureSet): NameClass {
  const classes = nameClassesOf(names);
  for (const c of classes) features.add('name', c);
  return classes[0] ?? 'simple';
}

/** Every name of a global type: roles, labels, recursion variables. */
export function globalNames(g: GlobalType, out: string[] = []): string[] {
  switch (g.kind) {
    case 'comm':
      out.push(g.sender, g.receiver);
      for (const b of g.branches) {
        out.push(b.label.name);
        globalNames(b.continuation, out);
      }
      break;
    case 'rec':
      out.push(g.var);
      globalNames(g.body, out);
      break;
    case 'var':
      out.push(g.name);
      break;
    case 'delegate':
      out.push(g.delegator, g.delegatee);
      globalNames(g.continuation, out);
      break;
    default:
      break;
  }
  return out;
}

/**
 * Why the checked projection rejects `role` (projection.md §6.2), for statistics: `absent_role+…`
 * when the role occurs nowhere; then, at the first choice it watches whose branches project
 * differently, `loop_exit` (one branch repeats, another leaves), `end_vs_rec`, `one_branch_only`
 * (it acts in one branch only), `different_labels`, or `other`.
 */
export function mismatchReason(g: GlobalType, role: string): string {
  const absent = !rolesOf(g).includes(role);
  const why = (a: LocalType, b: LocalType): string => {
    const kinds = new Set([a.kind, b.kind]);
    if (kinds.has('var') && (kinds.size === 2 || JSON.stringify(a) !== JSON.stringify(b))) return 'loop_exit';
    if (kinds.has('end') && kinds.has('rec')) return 'end_vs_rec';
    if ((kinds.has('send') || kinds.has('recv')) && (kinds.has('end') || kinds.has('var') || kinds.has('rec')))
      return 'one_branch_only';
    if (kinds.size <= 2 && [...kinds].every((k) => k === 'send' || k === 'recv')) return 'different_labels';
    return 'other';
  };
  const find = (t: GlobalType): string | null => {
    switch (t.kind) {
      case 'rec':
        return find(t.body);
      case 'delegate':
        return find(t.continuation);
      case 'comm': {
        if (role !== t.sender && role !== t.receiver) {
          const [first, ...rest] = t.branches.map((b) => projectCore(b.continuation, role));
          const other = rest.find((p) => first !== undefined && JSON.stringify(p) !== JSON.stringify(first));
          if (first !== undefined && other !== undefined) return why(first, other);
        }
        for (const b of t.branches) {
          const r = find(b.continuation);
          if (r !== null) return r;
        }
        return null;
      }
      default:
        return null;
    }
  };
  const reason = find(g) ?? 'other';
  return absent ? `absent_role+${reason}` : reason;
}

/** The `verdict` bucket of a run request: `accepted`, or the rejection and, for a projection mismatch, why. */
export function verdictBucket(request: RunRequest, result: Result<RunResult, BridgeError>): string {
  if (result.ok) return 'accepted';
  const { code, message, path } = result.error;
  if (code !== 'validation_failed') return code;
  if (message.includes('duplicate')) return 'duplicate_role';
  const k = Number(/\[(\d+)\]/.exec(path)?.[1] ?? -1);
  const role = /projection mismatch for role (.*)$/s.exec(message)?.[1];
  const c = request.choreographies[k];
  const g = c === undefined ? null : decodeGlobalLean(c.global_type);
  if (role === undefined || g === null || !g.ok) return 'projection_mismatch';
  return `projection_mismatch:${mismatchReason(g.value, role)}`;
}

function faultsBucket(result: Result<RunResult, BridgeError>): string {
  if (!result.ok) return 'rejected';
  const kinds = new Set<string>();
  for (const e of result.value.output.trace)
    if (e.kind === 'faulted' && typeof e.reason === 'string') kinds.add(e.reason.split(':')[0] ?? e.reason);
  return kinds.size === 0 ? 'none' : [...kinds].sort().join('+');
}

/** Statistics of a run shared by requests and images: status, steps, faults. */
function runStats(result: Result<RunResult, BridgeError>): Record<string, string> {
  return {
    status: result.ok ? result.value.output.status : 'rejected',
    steps: result.ok ? stepsBucket(result.value.output.steps_executed) : 'rejected',
    faults: faultsBucket(result),
  };
}

/**
 * The observation of a run-request case: the baseline run's features (plus `extra`), and the
 * buckets `verdict`, `roles` (most listed roles of one choreography), `depth`, `steps`, `names`
 * (the most telling name class), `status` and `faults`.
 */
export function observeRequest(
  request: RunRequest,
  result: Result<RunResult, BridgeError>,
  extra: readonly Result<RunResult, BridgeError>[] = [],
): CaseObservation {
  const features = runFeatures(result, new FeatureSet());
  for (const r of extra) runFeatures(r, features);
  const names: string[] = [];
  let depth = 0;
  let roles = 0;
  const choreos: unknown = request.choreographies;
  for (const c of Array.isArray(choreos) ? (choreos as RunRequest['choreographies']) : []) {
    if (Array.isArray(c.roles)) {
      roles = Math.max(roles, c.roles.length);
      for (const r of c.roles) if (typeof r === 'string') names.push(r);
    }
    const g = decodeGlobalLean(c.global_type);
    if (g.ok) {
      depth = Math.max(depth, typeDepth(g.value));
      globalNames(g.value, names);
    }
  }
  const nameBucket = addNameFeatures(names, features);
  return {
    features: features.toArray(),
    stats: {
      verdict: verdictBucket(request, result),
      roles: bucket(roles, 5),
      depth: bucket(depth, 6),
      names: nameBucket,
      ...runStats(result),
    },
  };
}

function sessionTypeNames(t: SessionType, out: string[]): void {
  switch (t.kind) {
    case 'send':
    case 'recv':
      out.push(t.partner);
      sessionTypeNames(t.cont, out);
      return;
    case 'select':
    case 'branch':
      out.push(t.partner);
      for (const b of t.branches) {
        out.push(b.label);
        sessionTypeNames(b.cont, out);
      }
      return;
    case 'mu':
      sessionTypeNames(t.body, out);
      return;
    default:
      return;
  }
}

/** The names a code image carries: roles, labels of its types and of its `Offer`/`Choose` code. */
export function imageNames(image: CodeImage): string[] {
  const out: string[] = [];
  for (const [r] of image.program.entryPoints) out.push(r);
  for (const [, t] of image.program.localTypes) sessionTypeNames(t, out);
  for (const i of image.program.code) {
    if (i.op === 'Offer') out.push(i.label);
    if (i.op === 'Choose') for (const [l] of i.table) out.push(l);
  }
  return out;
}

/**
 * The observation of a code-image case: the run's features (opcodes at each step's pc, buffer
 * outcomes under `buffer`) and the buckets `verdict` (the load verdict), `roles`, `depth` (code
 * length in decades), `steps`, `names`, `status`, `faults`.
 */
export function observeImage(
  image: CodeImage,
  result: Result<RunResult, BridgeError>,
  context: Omit<RunFeatureContext, 'image'> = {},
  extra: readonly Result<RunResult, BridgeError>[] = [],
): CaseObservation {
  const features = runFeatures(result, new FeatureSet(), { ...context, image });
  for (const r of extra) runFeatures(r, features, { ...context, image });
  const length = image.program.code.length;
  const nameBucket = addNameFeatures(imageNames(image), features);
  return {
    features: features.toArray(),
    stats: {
      verdict: loadFeature(result),
      roles: bucket(image.program.entryPoints.length, 5),
      depth: length < 10 ? '<10 instructions' : length < 50 ? '10-49 instructions' : '50+ instructions',
      names: nameBucket,
      ...runStats(result),
    },
  };
}

/**
 * The observation of a global-type case: the projection rules it goes through for every role and a
 * bystander, and the buckets `roles`, `depth` and `names`.
 */
export function observeGlobal(g: GlobalType): CaseObservation {
  const features = projectionFeatures(g, new FeatureSet());
  const names = addNameFeatures(globalNames(g), features);
  return {
    features: features.toArray(),
    stats: { roles: bucket(rolesOf(g).length, 5), depth: bucket(typeDepth(g), 6), names },
  };
}
