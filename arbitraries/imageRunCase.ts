/**
 * Whole differential cases for code images: an image, a machine configuration, a schedule and a
 * step budget. On request (`tier2Ratio`) a case also exercises Tier-2 features (machine.md §5.8,
 * §15 "Tier 2"): each feature brings both the instructions that use it (a short snippet at the start
 * of a role's code) and the configuration that enables it (most of the time; the disabled paths are
 * drawn too). Shrinks toward Tier-1 cases: no features, then the Tier-1 image and configuration.
 */
import fc from 'fast-check';
import type { CodeImage, Instruction, SessionType } from '../src/types/machine.js';
import type { FullMachineConfig } from '../src/types/machineTier2.js';
import { codeImageNamedCaseArb, type CodeImageConstraints } from './codeImage.js';
import { checkNameSpace, type NameSpace } from './names.js';
import { machineConfigArb } from './machineConfig.js';
import { mapPcs } from './program.js';
import { scheduleArb } from './schedule.js';
import { TelltaleError } from '../src/types/errors.js';
import { checkInt, checkRatio, resolveConstraints, weighted } from './_internals/resolveConstraints.js';
import { featurePlan, mergePlans, renameRoles, type Plan } from './_internals/tier2Plans.js';

/** The Tier-2 surfaces a case can exercise. @public */
export type Tier2Feature =
  'speculation' | 'guards' | 'knowledge' | 'transfer' | 'sessions' | 'topology' | 'tokens' | 'edge_buffers' | 'typed';

/** Every {@link Tier2Feature}. @public */
export const TIER2_FEATURES: readonly Tier2Feature[] = Object.freeze([
  'speculation',
  'guards',
  'knowledge',
  'transfer',
  'sessions',
  'topology',
  'tokens',
  'edge_buffers',
  'typed',
]);

/** One differential case: what `runCooperative` and `runImageReference` both get. @public */
export interface ImageRunCase {
  readonly image: CodeImage;
  readonly config: Partial<FullMachineConfig>;
  readonly schedule: readonly number[];
  readonly maxSteps: number;
}

/** Limits for {@link imageRunCaseArb}. @public */
export interface ImageRunCaseConstraints {
  /** Share of cases that exercise Tier-2 features. @defaultValue 0 */
  readonly tier2Ratio?: number;
  /** Which Tier-2 features may be drawn. @defaultValue {@link TIER2_FEATURES} */
  readonly features?: readonly Tier2Feature[];
  /** The step budget most cases get (a quarter get 0–40, to cut runs short). @defaultValue 160 */
  readonly maxSteps?: number;
  /** Share of images with mutated bytecode. @defaultValue 0.3 */
  readonly mutateRatio?: number;
  /** Share of images with random bytecode. @defaultValue 0.3 */
  readonly randomCodeRatio?: number;
  /** Share of each machine-configuration field drawn away from its default (`machineConfigArb`'s `varyRatio`). @defaultValue 0.25 */
  readonly configVaryRatio?: number;
  /** Longest schedule (0 = the default pick order only). @defaultValue 24 */
  readonly maxScheduleLength?: number;
  /** Share of looping protocols (`codeImageArb`'s `loopRatio`). @defaultValue 0.3 */
  readonly loopRatio?: number;
  /** Share of images with a bystander role (`codeImageArb`'s `bystanderRatio`). @defaultValue 0.1 */
  readonly bystanderRatio?: number;
  /** Where names come from (roles, labels, recursion variables, the instructions' names). @defaultValue 'simple' */
  readonly names?: NameSpace;
  /** Share of binders that shadow an enclosing binder's name. @defaultValue 0.2 */
  readonly shadowRatio?: number;
}

/** The defaults of {@link ImageRunCaseConstraints}. @public */
export const kImageRunCaseDefaults: Required<ImageRunCaseConstraints> = Object.freeze({
  tier2Ratio: 0,
  features: TIER2_FEATURES,
  maxSteps: 160,
  mutateRatio: 0.3,
  randomCodeRatio: 0.3,
  configVaryRatio: 0.25,
  maxScheduleLength: 24,
  loopRatio: 0.3,
  bystanderRatio: 0.1,
  names: 'simple',
  shadowRatio: 0.2,
});

/**
 * Inserts each role's prefix before its code and relocates every pc operand of the program (a pc
 * of segment s moves by everything inserted up to and including s; pcs past the end move by
 * everything); entry points then name the prefix.
 */
export function prefixRoles(image: CodeImage, prefixes: ReadonlyMap<number, readonly Instruction[]>): CodeImage {
  const p = image.program;
  const n = p.code.length;
  const starts = [...new Set(p.entryPoints.map(([, pc]) => pc))].filter((pc) => pc < n).sort((a, b) => a - b);
  const insertedAt = new Map<number, Instruction[]>();
  p.entryPoints.forEach(([, pc], i) => {
    const add = prefixes.get(i);
    if (add !== undefined && add.length > 0 && pc < n) insertedAt.set(pc, [...(insertedAt.get(pc) ?? []), ...add]);
  });
  const total = [...insertedAt.values()].reduce((k, xs) => k + xs.length, 0);
  const shiftOf = (pc: number): number => {
    if (pc >= n) return total;
    let s = 0;
    for (const start of starts) if (start <= pc) s += insertedAt.get(start)?.length ?? 0;
    return s;
  };
  const code: Instruction[] = [];
  for (let pc = 0; pc < n; pc++) {
    const add = insertedAt.get(pc);
    if (add !== undefined) {
      const base = code.length;
      for (const i of add) code.push(mapPcs(i, (x) => x + base));
    }
    code.push(mapPcs(p.code[pc] as Instruction, (x) => x + shiftOf(x)));
  }
  const entryPoints = p.entryPoints.map(
    ([r, pc]) => [r, pc < n ? pc + shiftOf(pc) - (insertedAt.get(pc)?.length ?? 0) : pc + total] as const,
  );
  return { ...image, program: { ...p, code, entryPoints } };
}

/** Feature `typed`: single-branch messages become typed `unit` send/recv, their code `Send`/`Receive`. */
export function typeMessages(image: CodeImage): CodeImage {
  const annotate = (t: SessionType): SessionType => {
    switch (t.kind) {
      case 'select':
      case 'branch': {
        const [only] = t.branches;
        if (t.branches.length === 1 && only !== undefined)
          return {
            kind: t.kind === 'select' ? 'send' : 'recv',
            partner: t.partner,
            payload: { kind: 'unit' },
            cont: annotate(only.cont),
          };
        return { ...t, branches: t.branches.map((b) => ({ label: b.label, cont: annotate(b.cont) })) };
      }
      case 'send':
      case 'recv':
        return { ...t, cont: annotate(t.cont) };
      case 'mu':
        return { kind: 'mu', body: annotate(t.body) };
      default:
        return t;
    }
  };
  const code = image.program.code.map((i, pc, all): Instruction => {
    // Compiled single-branch messages: `Offer` then `Invoke`; `Choose` with one entry to the next pc.
    if (i.op === 'Offer' && all[pc + 1]?.op === 'Invoke') return { op: 'Send', chan: i.chan, val: 1 };
    if (i.op === 'Choose' && i.table.length === 1 && i.table[0]?.[1] === pc + 1)
      return { op: 'Receive', chan: i.chan, dst: 1 };
    return i;
  });
  const localTypes = image.program.localTypes.map(([r, t]) => [r, annotate(t)] as const);
  return { ...image, program: { ...image.program, code, localTypes } };
}

/**
 * Differential cases for code images: `codeImageArb` (compiled, mutated and random bytecode),
 * `machineConfigArb`, `scheduleArb` and a step budget; a `tier2Ratio` share also exercises Tier-2
 * features (instructions with the configuration that enables them, topology perturbation schedules,
 * progress tokens, per-edge buffers, typed messages with `strict_schema`).
 *
 * @param constraints - Optional limits; see {@link ImageRunCaseConstraints}.
 * @example
 * ```ts
 * fc.assert(fc.property(imageRunCaseArb({ tier2Ratio: 0.5 }), ({ image, config, schedule, maxSteps }) => {
 *   expect(runImageReference(image, { config, schedule, maxSteps }).ok).toBe(true);
 * }), { seed: 4, numRuns: 50 });
 * ```
 * @public
 */
export function imageRunCaseArb(constraints: ImageRunCaseConstraints = {}): fc.Arbitrary<ImageRunCase> {
  const c = resolveImageRunCaseConstraints(constraints);
  const imageConstraints: CodeImageConstraints = {
    mutateRatio: c.mutateRatio,
    randomCodeRatio: c.randomCodeRatio,
    loopRatio: c.loopRatio,
    bystanderRatio: c.bystanderRatio,
    names: c.names,
    shadowRatio: c.shadowRatio,
  };
  const named = fc.record({
    drawn: codeImageNamedCaseArb(imageConstraints),
    config: machineConfigArb({ varyRatio: c.configVaryRatio }),
    schedule: scheduleArb({ maxLength: c.maxScheduleLength }),
    maxSteps: fc.oneof(
      { weight: 3, arbitrary: fc.constant(c.maxSteps) },
      { weight: 1, arbitrary: fc.nat({ max: Math.min(40, c.maxSteps) }) },
    ),
  });
  const tier1 = named.map(({ drawn, ...rest }): ImageRunCase => ({ image: drawn.case.image, ...rest }));
  if (c.tier2Ratio <= 0 || c.features.length === 0) return tier1;
  // One optional plan per feature: each shrinks away on its own (a chained subset would not).
  const plans = fc
    .tuple(...c.features.map((f) => fc.option(featurePlan(f), { freq: 2, nil: null })))
    .map((ps) => mergePlans(ps.filter((p): p is Plan => p !== null)));
  const withPlan = weighted<Plan | null>([
    [1 - c.tier2Ratio, fc.constant(null)],
    [c.tier2Ratio, plans],
  ]);
  return fc.tuple(named, withPlan).map(([{ drawn, ...rest }, drawnPlan]): ImageRunCase => {
    const base: ImageRunCase = { image: drawn.case.image, ...rest };
    if (drawnPlan === null) return base;
    // The plans name the roles A, B, C and the bystander Z: the case's own names in their slots.
    const plan = c.names === 'simple' ? drawnPlan : renameRoles(drawnPlan, drawn.names);
    const roles = base.image.program.entryPoints.length;
    const prefixes = new Map<number, Instruction[]>();
    for (const [i, code] of plan.prefixes) {
      const k = roles === 0 ? 0 : i % roles;
      prefixes.set(k, [...(prefixes.get(k) ?? []), ...code]);
    }
    const typed = plan.typed ? typeMessages(base.image) : base.image;
    return { ...base, image: prefixRoles(typed, prefixes), config: { ...base.config, ...plan.config } };
  });
}

function resolveImageRunCaseConstraints(constraints: ImageRunCaseConstraints): Required<ImageRunCaseConstraints> {
  const c = resolveConstraints(kImageRunCaseDefaults, constraints);
  checkRatio('imageRunCaseArb', 'tier2Ratio', c.tier2Ratio);
  checkRatio('imageRunCaseArb', 'mutateRatio', c.mutateRatio);
  checkRatio('imageRunCaseArb', 'randomCodeRatio', c.randomCodeRatio);
  checkInt('imageRunCaseArb', 'maxSteps', c.maxSteps);
  checkInt('imageRunCaseArb', 'maxScheduleLength', c.maxScheduleLength);
  checkRatio('imageRunCaseArb', 'configVaryRatio', c.configVaryRatio);
  checkRatio('imageRunCaseArb', 'loopRatio', c.loopRatio);
  checkRatio('imageRunCaseArb', 'bystanderRatio', c.bystanderRatio);
  checkRatio('imageRunCaseArb', 'shadowRatio', c.shadowRatio);
  checkNameSpace('imageRunCaseArb', c.names);
  for (const f of c.features) {
    if (!TIER2_FEATURES.includes(f))
      throw new TelltaleError(
        'InvalidOption',
        `imageRunCaseArb: unknown Tier-2 feature ${JSON.stringify(f)} in features; use the names of TIER2_FEATURES`,
      );
  }
  return c;
}
