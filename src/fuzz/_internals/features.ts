/**
 * Behavioural features of one case (issue #11 §4): cheap facts about what a run exercised — event
 * kinds, fault kinds, final status, load verdict, opcodes executed, block/unblock transitions, buffer
 * outcomes, wave widths, projection rules, heap operations. A feature is `family:value`; the
 * campaign counts them, keeps inputs that reached a new one in the seed pool, and reports the known
 * features it never saw.
 */
import { NAME_CLASSES, nameClassesOf } from '../../../arbitraries/names.js';
import type { RunDiagnostics, RunResult, StepState } from '../../types/bridge.js';
import type { BridgeError } from '../../types/errors.js';
import type { Result } from '../../types/result.js';
import type { CodeImage } from '../../types/machine.js';
import type { HeapOp } from '../../types/heap.js';
import type { GlobalType, LocalType } from '../../types/session.js';
import { projectCore } from '../../projection/projectCore.js';
import { guarded } from '../../projection/guarded.js';
import { roles as rolesOf } from '../../projection/roles.js';
import { INSTRUCTION_OPS } from '../../machine/instructionCodec.js';
import { rawStepStates } from '../../projection/lazyStepStates.js';
import { compareCodePoints } from '../../projection/rolesSorted.js';

/** Bridge event kinds of Tier 1 runs, and the Tier-2 kinds images add (bridge.md §4.3, machine.md §13.2). */
const kEvents = ['opened', 'sent', 'received', 'halted', 'faulted'];
const kTier2Events = [
  'closed',
  'epoch_advanced',
  'acquired',
  'released',
  'transferred',
  'forked',
  'joined',
  'aborted',
  'tagged',
  'checked',
  'timeout_issued',
];
const kFaults = [
  'type_violation',
  'unknown_label',
  'channel_closed',
  'invalid_signature',
  'acquire_fault',
  'invoke_fault',
  'transfer_fault',
  'close_fault',
  'spec_fault',
  'flow_violation',
  'no_progress_token',
  'out_of_credits',
  'out_of_registers',
];

const family = (name: string, values: readonly string[]): readonly string[] =>
  Object.freeze(values.map((v) => `${name}:${v}`));

/**
 * The known features, by group: a property names the groups it records (`FuzzProperty.features`),
 * and its coverage lists the known features of those groups that no case reached ("what this
 * campaign did not exercise").
 */
export const KNOWN_FEATURES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  load: family('load', [
    'accepted',
    'ParseError',
    'validation_failed:duplicate',
    'validation_failed:projection',
    'too_many_sessions',
    'too_many_coroutines',
  ]),
  'image-load': family('load', [
    'accepted',
    'validation_failed:arity',
    'validation_failed:duplicate',
    'validation_failed:duplicate-local',
    'validation_failed:role-mismatch',
    'validation_failed:projection',
  ]),
  event: family('event', kEvents),
  'tier2-event': family('event', kTier2Events),
  status: family('status', ['completed', 'stuck']),
  fault: family('fault', kFaults),
  exec: family('exec', ['continue', 'blocked', 'halted', 'faulted']),
  'tier2-exec': family('exec', ['yielded', 'joined', 'aborted', 'spawned', 'transferred', 'closed', 'forked']),
  op: family('op', INSTRUCTION_OPS),
  block: family('block', ['recv_wait', 'send_wait', 'acquire_denied']),
  transition: family('transition', ['ready>blocked', 'blocked>ready', 'ready>done', 'ready>faulted']),
  buffer: family('buffer', ['full-block', 'drop', 'error', 'resize', 'latest-value']),
  wave: family('wave', ['1', '2', '3', '4']),
  rule: family('rule', [
    'send',
    'recv',
    'bystander',
    'bystander-differs',
    'rec-kept',
    'rec-collapsed',
    'shadowed',
    'var',
    'end',
  ]),
  // The name classes a case's names fall in (arbitraries/names.ts): rewards rich-name arms too.
  name: family('name', NAME_CLASSES),
  // An executed `Choose` whose table holds labels a careless comparison confuses (see chooseHazards).
  choose: family('choose', ['case-fold', 'astral-siblings', 'utf16-order']),
  heap: family('heap', ['alloc', 'read', 'consume', 'remove', 'consume_many', 'NotFound', 'AlreadyConsumed']),
});

/** Feature groups of the run-request properties. */
export const kRequestFeatures: readonly string[] = Object.freeze([
  'name',
  'load',
  'event',
  'status',
  'exec',
  'block',
  'transition',
]);
/** Feature groups of the threaded run-request properties (wave widths too). */
export const kThreadedFeatures: readonly string[] = Object.freeze([...kRequestFeatures, 'wave']);
/** Feature groups of the code-image properties. */
export const kImageFeatures: readonly string[] = Object.freeze([
  'name',
  'choose',
  'image-load',
  'event',
  'tier2-event',
  'status',
  'fault',
  'exec',
  'tier2-exec',
  'op',
  'block',
  'transition',
  'buffer',
]);

/** The known features of some groups of {@link KNOWN_FEATURES}. */
export function knownFeatures(groups: readonly string[]): string[] {
  return [...new Set(groups.flatMap((g) => KNOWN_FEATURES[g] ?? []))].sort();
}

/** A set of features being collected for one case. */
export class FeatureSet {
  private readonly set = new Set<string>();
  add(family: string, value: string | number): void {
    this.set.add(`${family}:${value}`);
  }
  toArray(): string[] {
    return [...this.set].sort();
  }
}

/** One `name:<class>` feature per class among a case's names. */
export function nameFeatures(names: Iterable<string>, out: FeatureSet): FeatureSet {
  for (const c of nameClassesOf(names)) out.add('name', c);
  return out;
}

/** The load verdict of a run result as a feature value (`accepted`, `validation_failed:duplicate`, …). */
export function loadFeature(result: Result<RunResult, BridgeError>): string {
  if (result.ok) return 'accepted';
  const { code, message } = result.error;
  if (code !== 'validation_failed') return code;
  const text = typeof result.error.reason === 'string' ? result.error.reason : message;
  if (text.includes('duplicate local-type')) return 'validation_failed:duplicate-local';
  if (text.includes('duplicate')) return 'validation_failed:duplicate';
  if (text.includes('arity')) return 'validation_failed:arity';
  if (text.includes('entry/local role mismatch')) return 'validation_failed:role-mismatch';
  return 'validation_failed:projection';
}

/** `kind` or `kind:message class` of a bridge `faulted` event's reason (`faultTag`). */
function faultFeatures(reason: string, into: FeatureSet): void {
  const colon = reason.indexOf(':');
  const kind = colon < 0 ? reason : reason.slice(0, colon);
  into.add('fault', kind);
  if (kind === 'spec_fault' || kind === 'flow_violation') {
    const msg = reason.slice(colon + 1).split(':')[0] ?? '';
    into.add('fault', `${kind}:${msg.slice(0, 40)}`);
  }
}

/** Options of {@link runFeatures}: what the run was given, where features depend on it. */
export interface RunFeatureContext {
  /** The code image, to name the opcode at each step's `selected_pc`. */
  readonly image?: CodeImage;
  /** The buffer configuration of the run (buffer outcomes `resize`, `latest-value`). */
  readonly buffer?: {
    readonly mode?: string;
    readonly initialCapacity?: number;
    readonly policy?: { readonly kind: string };
  };
}

/**
 * The features of one run: load verdict, event kinds, final status, faults (from the trace's
 * `faulted` reasons, so process lanes have them too), and from `step_states` the exec statuses,
 * opcodes executed, block reasons, status transitions and buffer outcomes; wave widths from threaded
 * diagnostics.
 * @example `runFeatures(runCooperative(request), new FeatureSet())`
 */
export function runFeatures(
  result: Result<RunResult, BridgeError>,
  into: FeatureSet,
  context: RunFeatureContext = {},
): FeatureSet {
  into.add('load', loadFeature(result));
  if (!result.ok) return into;
  const { output, diagnostics } = result.value;
  into.add('status', output.status);
  for (const e of output.trace) {
    into.add('event', e.kind);
    if (e.kind === 'faulted' && typeof e.reason === 'string') faultFeatures(e.reason, into);
  }
  // The raw step states when the lane recorded them lazily: features never read `selected_type`,
  // and reading `step_states` would render every step's type text (a fifth of a case's time).
  stepFeatures(rawStepStates(output) ?? output.step_states, into, context);
  waveFeatures(diagnostics, into);
  return into;
}

function stepFeatures(
  steps: readonly Omit<StepState, 'selected_type'>[],
  into: FeatureSet,
  context: RunFeatureContext,
): void {
  const code = context.image?.program.code;
  const buffer = context.buffer;
  for (const s of steps) {
    into.add('exec', s.exec_status);
    const instruction = code?.[s.selected_pc];
    if (instruction !== undefined) into.add('op', instruction.op);
    if (instruction?.op === 'Choose') for (const h of chooseHazards(instruction)) into.add('choose', h);
    for (const reason of Object.values(s.blocked)) {
      into.add('block', reason);
      if (reason === 'send_wait') into.add('buffer', 'full-block');
    }
    const before = s.pre_state.coroutines.find((c) => c.coro_id === s.selected_coro)?.status;
    const after = s.post_state.coroutines.find((c) => c.coro_id === s.selected_coro)?.status;
    if (before !== undefined && after !== undefined && before !== after) into.add('transition', `${before}>${after}`);
    for (const c of s.post_state.coroutines) {
      const was = s.pre_state.coroutines.find((p) => p.coro_id === c.coro_id)?.status;
      if (was === 'blocked' && c.status === 'ready') into.add('transition', 'blocked>ready');
    }
    if (buffer?.policy?.kind === 'resize' && buffer.initialCapacity !== undefined) {
      for (const n of Object.values(s.buffered_message_counts))
        if (n > buffer.initialCapacity) into.add('buffer', 'resize');
    }
    if (s.event?.kind === 'faulted' && typeof s.event.reason === 'string') {
      if (s.event.reason === 'flow_violation:buffer drop') into.add('buffer', 'drop');
      if (s.event.reason === 'flow_violation:buffer overflow') into.add('buffer', 'error');
    }
  }
  if (buffer?.mode === 'latest_value' && steps.some((s) => s.event?.kind === 'sent'))
    into.add('buffer', 'latest-value');
}

// A Choose instruction's hazards, computed once per instruction object (steps revisit it).
const kChooseHazards = new WeakMap<object, readonly string[]>();

/**
 * What the labels of one `Choose` table have that a careless label comparison gets wrong:
 * `case-fold` (two labels equal up to case), `astral-siblings` (two astral labels that differ only
 * in their last UTF-16 unit: equal high surrogates), `utf16-order` (two labels whose UTF-16 order
 * differs from their code-point order).
 */
function chooseHazards(
  instruction: Extract<CodeImage['program']['code'][number], { op: 'Choose' }>,
): readonly string[] {
  const known = kChooseHazards.get(instruction);
  if (known !== undefined) return known;
  const labels = [...new Set(instruction.table.map(([l]) => l))];
  const out = new Set<string>();
  for (let i = 0; i < labels.length; i += 1)
    for (let j = i + 1; j < labels.length; j += 1) {
      const a = labels[i] ?? '';
      const b = labels[j] ?? '';
      if (a.toLowerCase() === b.toLowerCase()) out.add('case-fold');
      if (a.length === b.length && a.slice(0, -1) === b.slice(0, -1) && /[\udc00-\udfff]$/.test(a))
        out.add('astral-siblings');
      if (Math.sign(compareCodePoints(a, b)) !== Math.sign(a < b ? -1 : 1)) out.add('utf16-order');
    }
  const hazards = [...out];
  kChooseHazards.set(instruction, hazards);
  return hazards;
}

function waveFeatures(diagnostics: RunDiagnostics | null, into: FeatureSet): void {
  const threaded = diagnostics?.threaded;
  if (threaded === undefined) return;
  into.add('wave', Math.min(threaded.max_wave_width, 4));
  for (const raw of threaded.certificates) {
    const waves = (raw as { readonly waves?: readonly (readonly unknown[])[] }).waves ?? [];
    for (const w of waves) into.add('wave', Math.min(w.length, 4));
  }
}

/**
 * The projection rules a role's projection of `g` goes through (projection.md §6.1): participant
 * `send`/`recv`, `bystander` choices (and `bystander-differs` where the branches project
 * differently, which the checked projection rejects), loops kept or collapsed (`rec-kept`,
 * `rec-collapsed`), a binder that shadows an enclosing one (`shadowed`), `var`, `end`.
 */
export function projectionFeatures(g: GlobalType, into: FeatureSet): FeatureSet {
  const roles = [...rolesOf(g), '\u0000bystander'];
  const walk = (t: GlobalType, role: string, bound: readonly string[]): void => {
    switch (t.kind) {
      case 'end':
        into.add('rule', 'end');
        return;
      case 'var':
        into.add('rule', 'var');
        return;
      case 'rec':
        if (bound.includes(t.var)) into.add('rule', 'shadowed');
        into.add('rule', guarded(projectCore(t.body, role), t.var) ? 'rec-kept' : 'rec-collapsed');
        walk(t.body, role, [...bound, t.var]);
        return;
      case 'delegate':
        walk(t.continuation, role, bound);
        return;
      case 'comm': {
        if (role === t.sender) into.add('rule', 'send');
        else if (role === t.receiver) into.add('rule', 'recv');
        else {
          into.add('rule', 'bystander');
          const [first, ...rest] = t.branches.map((b) => JSON.stringify(projectCore(b.continuation, role)));
          if (rest.some((x) => x !== first)) into.add('rule', 'bystander-differs');
        }
        for (const b of t.branches) walk(b.continuation, role, bound);
      }
    }
  };
  for (const role of roles) walk(g, role, []);
  return into;
}

/** Heap operation kinds and the errors they met. */
export function heapFeatures(ops: readonly HeapOp[], errors: readonly string[], into: FeatureSet): FeatureSet {
  for (const op of ops) into.add('heap', op.op);
  for (const e of errors) into.add('heap', e);
  return into;
}

/** Depth of a global or local type (binders and choices count). */
export function typeDepth(t: GlobalType | LocalType): number {
  switch (t.kind) {
    case 'rec':
      return 1 + typeDepth(t.body);
    case 'delegate':
      return 1 + typeDepth(t.continuation);
    case 'comm':
    case 'send':
    case 'recv':
      return 1 + Math.max(0, ...t.branches.map((b) => typeDepth(b.continuation)));
    default:
      return 0;
  }
}
