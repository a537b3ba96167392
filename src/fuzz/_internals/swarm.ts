/**
 * Swarm configurations (Groce et al., "Swarm Testing", ISSTA 2012; issue #11 §4): each chunk of a
 * property is generated under one configuration — which constructs are on and with what weight, the
 * name space, the rejection kinds. A property has a fixed set of arms per campaign: arm 0 is the
 * plain configuration (every construct at its default, names mixed), arms 1–3 the hazard arms (the
 * plain configuration with names focused on one naming hazard), the others are drawn from
 * (campaign seed, property, arm). Under `runs` a chunk's arm is a function of (seed, property,
 * chunk) only; under a time budget the bandit picks it and the task records it.
 */
import fc from 'fast-check';
import {
  RUN_REQUEST_REJECTIONS,
  type RunRequestConstraints,
  type RunRequestRejection,
} from '../../../arbitraries/runRequest.js';
import { NAME_HAZARDS, type NameHazard, type NameSpace } from '../../../arbitraries/names.js';
import type { ImageRunCaseConstraints } from '../../../arbitraries/imageRunCase.js';
import type { GlobalTypeConstraints } from '../../../arbitraries/globalType.js';
import type { CodeImageConstraints } from '../../../arbitraries/codeImage.js';
import type { SwarmConfiguration, SwarmConstruct } from '../types.js';
import { chunkSeed } from './seeds.js';

/** Share of cases (plain configuration) or of drawn configurations (swarm) that draw `'rich'` names. */
export const kRichNamesShare = 0.4;

/** Arms per property and campaign (arm 0 = plain). */
export const kSwarmArms = 12;

const kConstructs: readonly SwarmConstruct[] = [
  'recursion',
  'shadowing',
  'choreographies',
  'bystanders',
  'rejections',
  'buffers',
  'tinyBudgets',
  'schedules',
  'concurrency',
  'tier2',
  'randomCode',
];

/** Every construct at weight 1 (its default), names mixed, every rejection kind. */
export const PLAIN_CONFIGURATION: SwarmConfiguration = Object.freeze({
  id: 'plain',
  constructs: Object.freeze(Object.fromEntries(kConstructs.map((c) => [c, 1]))) as Record<SwarmConstruct, number>,
  names: 'mixed',
  rejections: RUN_REQUEST_REJECTIONS,
});

/** mulberry32: a small seeded generator for drawing configurations (fast-check seeds the cases). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A configuration drawn from `seed`: each construct off (1/4), at its default (1/4) or emphasised
 * (2–3, 1/2), and a random half of the rejection kinds. `names` is the arm's name space (drawn from
 * the seed when not given: rich for {@link kRichNamesShare}).
 */
export function drawConfiguration(seed: number, names?: 'rich' | 'simple'): SwarmConfiguration {
  const next = random(seed);
  const constructs = Object.fromEntries(
    kConstructs.map((c) => {
      const r = next();
      return [c, r < 0.25 ? 0 : r < 0.5 ? 1 : next() < 0.5 ? 2 : 3];
    }),
  ) as Record<SwarmConstruct, number>;
  const drawn = next() < kRichNamesShare ? 'rich' : 'simple';
  const space = names ?? drawn;
  let rejections = RUN_REQUEST_REJECTIONS.filter(() => next() < 0.5);
  if (rejections.length === 0) rejections = ['natural'];
  const digits = kConstructs.map((c) => constructs[c]).join('');
  const kinds = RUN_REQUEST_REJECTIONS.map((k) => (rejections.includes(k) ? '1' : '0')).join('');
  return { id: `${space === 'rich' ? 'R' : 's'}${digits}-${kinds}`, constructs, names: space, rejections };
}

/** The hazard arms in arm order: `order` first (it also covers the load path, see {@link hazardConfiguration}). */
const kHazardOrder: readonly NameHazard[] = ['order', 'case', 'astral'];

/**
 * A hazard arm: the plain configuration (every construct at its default, so nothing a run needs is
 * turned off) with the names focused on one naming hazard. The `order` arm also draws many more
 * rejected requests, several roles rejected at once among them: orders matter where a runtime sorts
 * roles (coroutine ids, the first rejected role it reports), and the load path is where a runtime's
 * own checks differ from the loader's.
 */
export function hazardConfiguration(focus: NameHazard): SwarmConfiguration {
  const constructs = { ...PLAIN_CONFIGURATION.constructs, ...(focus === 'order' ? { rejections: 3 } : {}) };
  const digits = kConstructs.map((c) => constructs[c]).join('');
  return {
    id: `R${focus.charAt(0)}${digits}-hazard`,
    constructs,
    names: 'rich',
    focus,
    rejections: RUN_REQUEST_REJECTIONS,
  };
}

/**
 * The arms of a property in a campaign: arm 0 plain; arms 1–3 the hazard arms, one per naming
 * hazard of {@link NAME_HAZARDS} (orders that disagree, names equal up to case, astral siblings:
 * see {@link hazardConfiguration}); arms 4… drawn from (seed, property, arm), the first of them with
 * every rich name class, the others rich with the share {@link kRichNamesShare}. The hazard arms
 * come first, so that the bandit tries them early.
 */
export function swarmArms(campaignSeed: string, property: string): SwarmConfiguration[] {
  return Array.from({ length: kSwarmArms }, (_, i) => {
    if (i === 0) return PLAIN_CONFIGURATION;
    const focus = kHazardOrder[i - 1];
    if (focus !== undefined) return hazardConfiguration(focus);
    const seed = chunkSeed(campaignSeed, `${property}#swarm`, i);
    return drawConfiguration(seed, i === NAME_HAZARDS.length + 1 ? 'rich' : undefined);
  });
}

/** The anchor arms, 0 … kAnchorArms − 1: the plain configuration and the hazard arms (see `Bandit`). */
export const kAnchorArms = 1 + NAME_HAZARDS.length;

/** Share of unsteered chunks generated under the plain configuration (arm 0). */
export const kPlainShare = 0.5;

/**
 * The arm of chunk `chunk` when nothing steers the choice (`runs` budgets), from the seed only:
 * plain for {@link kPlainShare} of the chunks (a configuration that turns off what a bug needs
 * must not starve it), else uniform over the drawn configurations.
 */
export function armForChunk(campaignSeed: string, property: string, chunk: number): number {
  const h = chunkSeed(campaignSeed, `${property}#arm`, chunk) >>> 0;
  if (h / 4294967296 < kPlainShare) return 0;
  return 1 + (h % (kSwarmArms - 1));
}

/** A construct's weight, 1 (the default) without a configuration. */
export function weightOf(swarm: SwarmConfiguration | undefined, construct: SwarmConstruct): number {
  return swarm?.constructs[construct] ?? 1;
}

/** A ratio scaled by a construct's weight: off → 0, 1 → `base`, 2 → 2.5×, 3 → 4× (at most `cap`). */
export function ratioFor(
  swarm: SwarmConfiguration | undefined,
  construct: SwarmConstruct,
  base: number,
  cap = 0.9,
): number {
  const w = weightOf(swarm, construct);
  return Math.min(cap, base * ([0, 1, 2.5, 4][w] ?? 1));
}

/** A level picked by a construct's weight from `[off, default, more, most]`. */
export function levelFor<T>(
  swarm: SwarmConfiguration | undefined,
  construct: SwarmConstruct,
  levels: readonly [T, T, T, T],
): T {
  return levels[weightOf(swarm, construct)] ?? levels[1];
}

/** The rejection kinds of a configuration (every kind without one). */
export function rejectionsFor(swarm: SwarmConfiguration | undefined): RunRequestRejection[] {
  const kinds = RUN_REQUEST_REJECTIONS.filter((k) => swarm === undefined || swarm.rejections.includes(k));
  return kinds.length > 0 ? kinds : ['natural'];
}

/**
 * The arbitrary built for the configuration's name space: `simple` or `rich` as drawn; `mixed`
 * (and no configuration) draws rich names for {@link kRichNamesShare} of the cases, shrinking
 * toward simple names.
 */
export function withNames<T>(
  swarm: SwarmConfiguration | undefined,
  make: (names: NameSpace) => fc.Arbitrary<T>,
): fc.Arbitrary<T> {
  const names = swarm?.names ?? 'mixed';
  if (names === 'rich' && swarm?.focus !== undefined) return make(`rich:${swarm.focus}`);
  if (names !== 'mixed') return make(names);
  // Shrinking may cross to the first (simple) arbitrary.
  return fc.oneof(
    { withCrossShrink: true },
    { weight: Math.round((1 - kRichNamesShare) * 100), arbitrary: make('simple') },
    { weight: Math.round(kRichNamesShare * 100), arbitrary: make('rich') },
  );
}

/** Run-request constraints under a configuration; `rejected` is the property's default share of rejected requests. */
export function runRequestSwarm(
  swarm: SwarmConfiguration | undefined,
  rejected: number,
  names: NameSpace,
): RunRequestConstraints {
  return {
    names,
    rejected: ratioFor(swarm, 'rejections', rejected),
    rejections: rejectionsFor(swarm),
    mismatchRoles: levelFor(swarm, 'rejections', [1, 1, 2, 3]),
    recursion: weightOf(swarm, 'recursion') > 0,
    recursionWeight: levelFor(swarm, 'recursion', [2, 2, 4, 6]),
    loopRatio: levelFor(swarm, 'recursion', [0, 0.3, 0.5, 0.7]),
    shadowRatio: levelFor(swarm, 'shadowing', [0, 0.2, 0.5, 0.8]),
    maxChoreographies: levelFor(swarm, 'choreographies', [1, 3, 5, 8]),
    bystanderRatio: levelFor(swarm, 'bystanders', [0, 0.2, 0.5, 0.8]),
    partialRolesRatio: levelFor(swarm, 'bystanders', [0, 0.1, 0.2, 0.3]),
    maxSteps: levelFor(swarm, 'tinyBudgets', [200, 200, 30, 8]),
    maxConcurrency: levelFor(swarm, 'concurrency', [1, 4, 8, 16]),
  };
}

/** Image-case constraints under a configuration; `tier2` is the property's default Tier-2 share. */
export function imageSwarm(
  swarm: SwarmConfiguration | undefined,
  tier2: number,
  names: NameSpace,
): ImageRunCaseConstraints {
  return {
    names,
    tier2Ratio: ratioFor(swarm, 'tier2', tier2),
    mutateRatio: ratioFor(swarm, 'randomCode', 0.3, 0.45),
    randomCodeRatio: ratioFor(swarm, 'randomCode', 0.3, 0.45),
    configVaryRatio: ratioFor(swarm, 'buffers', 0.25, 0.8),
    maxScheduleLength: levelFor(swarm, 'schedules', [0, 24, 48, 96]),
    maxSteps: levelFor(swarm, 'tinyBudgets', [160, 160, 40, 10]),
    loopRatio: levelFor(swarm, 'recursion', [0, 0.3, 0.5, 0.7]),
    bystanderRatio: levelFor(swarm, 'bystanders', [0, 0.1, 0.3, 0.6]),
    shadowRatio: levelFor(swarm, 'shadowing', [0, 0.2, 0.5, 0.8]),
  };
}

/** Global-type constraints under a configuration (the projection and JSON properties). */
export function globalTypeSwarm(swarm: SwarmConfiguration | undefined, names: NameSpace): GlobalTypeConstraints {
  return {
    names,
    recursion: weightOf(swarm, 'recursion') > 0,
    recursionWeight: levelFor(swarm, 'recursion', [2, 2, 4, 6]),
    shadowRatio: levelFor(swarm, 'shadowing', [0, 0.2, 0.5, 0.8]),
    roles: levelFor(swarm, 'bystanders', [2, 3, 4, 5]),
  };
}

/** Code-image constraints under a configuration (the loader property); `invalid` is its default share. */
export function codeImageSwarm(
  swarm: SwarmConfiguration | undefined,
  invalid: number,
  names: NameSpace,
): CodeImageConstraints {
  return {
    names,
    invalid: ratioFor(swarm, 'rejections', invalid, 0.9),
    loopRatio: levelFor(swarm, 'recursion', [0, 0.3, 0.5, 0.7]),
    bystanderRatio: levelFor(swarm, 'bystanders', [0, 0.1, 0.3, 0.6]),
    shadowRatio: levelFor(swarm, 'shadowing', [0, 0.2, 0.5, 0.8]),
    mutateRatio: ratioFor(swarm, 'randomCode', 0.15, 0.45),
    randomCodeRatio: ratioFor(swarm, 'randomCode', 0.1, 0.45),
  };
}
