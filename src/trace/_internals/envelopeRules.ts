/**
 * The rules `judgeEnvelope` applies (bridge.md §11): per-session and role-local views of a trace,
 * the scheduler and effect-ordering classes, failure visibility, and the G2 role-local check.
 */
import type { BridgeEvent, FailureVisible, RunDiagnostics, RunOutput } from '../../types/bridge.js';
import { describeEvent } from '../divergence.js';
import { eventSession } from '../eventSession.js';
import { type BridgeForm } from './bridgeForm.js';
import { canonicalJson, jsonEqual } from './jsonEqual.js';
import type { SchedulerPermutationClass } from '../judgeEnvelope.js';

export function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The fields of an `effect_trace` entry (bridge.md §11.2) that order effects; absent ones sort first. */
export interface EffectOrder {
  readonly ordering_key?: unknown;
  readonly effect_id?: unknown;
  readonly effect_kind?: unknown;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Per-session event lists, session-less events dropped. */
export function bySession(trace: readonly BridgeEvent[]): Map<number, BridgeEvent[]> {
  const m = new Map<number, BridgeEvent[]>();
  for (const e of trace) {
    const s = eventSession(e);
    if (s === null) continue;
    const l = m.get(s);
    if (l === undefined) m.set(s, [e]);
    else l.push(e);
  }
  return m;
}

export function listsEqual(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (!jsonEqual(a[i], b[i])) return false;
  return true;
}

export function schedulerClass(base: readonly BridgeEvent[], cand: readonly BridgeEvent[]): SchedulerPermutationClass {
  if (listsEqual(base, cand)) return 'Exact';
  const a = bySession(base);
  const b = bySession(cand);
  if (a.size !== b.size) return 'EnvelopeBounded';
  for (const [s, l] of a) {
    const r = b.get(s);
    if (r === undefined || !listsEqual(l, r)) return 'EnvelopeBounded';
  }
  return 'SessionNormalizedPermutation';
}

export function sortedEffects(output: RunOutput): unknown[] {
  const raw = output.effect_trace;
  const list: unknown[] = Array.isArray(raw) ? raw.slice() : [];
  const key = (e: unknown): [number, number, string] => {
    const o: EffectOrder = isRecord(e) ? e : {};
    return [num(o.ordering_key) ?? 0, num(o.effect_id) ?? 0, typeof o.effect_kind === 'string' ? o.effect_kind : ''];
  };
  return list.sort((x, y) => {
    const [a1, a2, a3] = key(x);
    const [b1, b2, b3] = key(y);
    return a1 - b1 || a2 - b2 || (a3 < b3 ? -1 : a3 > b3 ? 1 : 0);
  });
}

/** The failure-visible snapshot with the sort/dedupe rules of bridge.md §11.2. */
export function failureVisible(diagnostics: RunDiagnostics | null | undefined): unknown[][] {
  const fv: Partial<FailureVisible> = diagnostics?.failure_visible ?? {};
  const norm = (key: keyof FailureVisible, dedupe: boolean): unknown[] => {
    const raw = fv[key];
    const list: readonly unknown[] = Array.isArray(raw) ? raw : [];
    const keyed = list.map((v) => [canonicalJson(v), v] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const out: unknown[] = [];
    let last: string | undefined;
    for (const [k, v] of keyed) {
      if (dedupe && k === last) continue;
      out.push(v);
      last = k;
    }
    return out;
  };
  return [
    norm('crashed_sites', true),
    norm('partitioned_edges', true),
    norm('corrupted_edges', true),
    norm('timed_out_sites', false),
  ];
}

export type Step = readonly [kind: string, sender: unknown, receiver: unknown, label: unknown];

/** R(s, r) of bridge.md §11.4, keyed `s\u0000r`. */
export function roleLocal(trace: readonly BridgeEvent[]): Map<string, Step[]> {
  const m = new Map<string, Step[]>();
  for (const e of trace) {
    let role: unknown;
    if (e.kind === 'sent') role = e.sender;
    else if (e.kind === 'received') role = e.receiver;
    else continue;
    const key = `${String(eventSession(e))}\u0000${String(role)}`;
    const step: Step = [e.kind, e.sender ?? null, e.receiver ?? null, e.label ?? null];
    const l = m.get(key);
    if (l === undefined) m.set(key, [step]);
    else l.push(step);
  }
  return m;
}

export function lifeOf(trace: readonly BridgeEvent[]): Map<string, { kind: string; reason: unknown }[]> {
  const m = new Map<string, { kind: string; reason: unknown }[]>();
  for (const e of trace) {
    if (e.kind !== 'halted' && e.kind !== 'faulted') continue;
    const t = String(e.target ?? null);
    const l = m.get(t);
    const item = { kind: e.kind, reason: e.reason ?? null };
    if (l === undefined) m.set(t, [item]);
    else l.push(item);
  }
  return m;
}

/** A halt or fault reason as printed: strings as they are, anything else as canonical JSON. */
export function reasonText(reason: unknown): string {
  return typeof reason === 'string' ? reason : canonicalJson(reason);
}

export function isPrefix(a: readonly Step[], b: readonly Step[]): boolean {
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (!jsonEqual(a[i], b[i])) return false;
  return true;
}

export function showSteps(steps: readonly Step[]): string {
  return `[${steps.map(([k, s, r, l]) => describeEvent({ kind: k, sender: s, receiver: r, label: l })).join(', ')}]`;
}

/** The role-local acceptance rule (bridge.md §11.4); returns the first violation, or null. */
export function roleLocalViolation(base: BridgeForm, cand: BridgeForm, bLane: string, cLane: string): string | null {
  const bo = base.trace.filter((e) => e.kind === 'opened');
  const co = cand.trace.filter((e) => e.kind === 'opened');
  if (!listsEqual(bo, co))
    return `opened events differ: ${bLane} [${bo.map(describeEvent).join(', ')}], ${cLane} [${co.map(describeEvent).join(', ')}]`;
  const br = roleLocal(base.trace);
  const cr = roleLocal(cand.trace);
  const keys = [...new Set([...br.keys(), ...cr.keys()])].sort();
  const bothCompleted = base.status === 'completed' && cand.status === 'completed';
  for (const key of keys) {
    const a = br.get(key) ?? [];
    const b = cr.get(key) ?? [];
    const ok = bothCompleted ? listsEqual(a, b) : isPrefix(a, b) || isPrefix(b, a);
    if (!ok) {
      const [s, r] = key.split('\u0000');
      const rule = bothCompleted ? 'must be equal (both runs completed)' : 'must be a prefix of one another';
      return `role ${String(r)} of session ${String(s)}: events ${rule}; ${bLane} ${showSteps(a)}, ${cLane} ${showSteps(b)}`;
    }
  }
  const bl = lifeOf(base.trace);
  const cl = lifeOf(cand.trace);
  if (bothCompleted) {
    const flat = (m: Map<string, { kind: string; reason: unknown }[]>): string[] =>
      [...new Set([...m].flatMap(([t, l]) => l.map((x) => canonicalJson([x.kind, t, x.reason]))))].sort();
    const a = flat(bl);
    const b = flat(cl);
    if (!listsEqual(a, b)) return `halted/faulted coroutines differ: ${bLane} ${a.join(' ')}, ${cLane} ${b.join(' ')}`;
    if (!jsonEqual(base.sessions ?? null, cand.sessions ?? null))
      return `sessions differ: ${bLane} ${canonicalJson(base.sessions ?? null)}, ${cLane} ${canonicalJson(cand.sessions ?? null)}`;
    return null;
  }
  for (const [target, a] of bl) {
    const b = cl.get(target);
    if (b === undefined) continue;
    const x = a[0];
    const y = b[0];
    if (x !== undefined && y !== undefined && (x.kind !== y.kind || !jsonEqual(x.reason, y.reason))) {
      return `coroutine ${target} ends differently: ${bLane} ${x.kind}${x.reason === null ? '' : ` (${reasonText(x.reason)})`}, ${cLane} ${y.kind}${y.reason === null ? '' : ` (${reasonText(y.reason)})`}`;
    }
  }
  return null;
}
