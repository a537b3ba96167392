/**
 * The Tier-2 plans of `imageRunCaseArb` (arbitraries/imageRunCase.ts): per feature, the
 * configuration that enables it and the instruction prefixes that use it.
 */
import fc from 'fast-check';
import type { Instruction, Value } from '../../src/types/machine.js';
import type { Edge } from '../../src/types/machine.js';
import type {
  EdgeBufferConfig,
  FlowPolicy,
  FlowPredicate,
  FullMachineConfig,
  GuardLayerConfig,
  TopologyFailure,
  TopologyPerturbation,
} from '../../src/types/machineTier2.js';
import type { NamePools } from '../globalType.js';
import type { Tier2Feature } from '../imageRunCase.js';
import { machineConfigArb } from '../machineConfig.js';
import { coin } from './resolveConstraints.js';

/** A feature's contribution: configuration fields and per-role code prefixes (pcs relative to the prefix). */
export interface Plan {
  readonly config: Partial<FullMachineConfig>;
  /** Prefix for the role at this index of the entry points (modulo their count). */
  readonly prefixes: readonly (readonly [number, readonly Instruction[]])[];
  /** Rewrite single-branch messages as typed `Send`/`Receive` (feature `typed`). */
  readonly typed: boolean;
}

export const ROLES = ['A', 'B', 'C', 'Z'] as const;
const natV = (n: number): Value => ({ kind: 'nat', value: BigInt(n) });
const strV = (s: string): Value => ({ kind: 'string', value: s });
const role = fc.constantFrom(...ROLES);
const edgeArb: fc.Arbitrary<Edge> = fc.record({ sid: fc.nat({ max: 1 }), sender: role, receiver: role });

const predicateArb: fc.Arbitrary<FlowPredicate> = fc.letrec<{ p: FlowPredicate }>((tie) => ({
  p: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<FlowPredicate>({ kind: 'endpoint_role_matches_target' }),
    role.map((prefix): FlowPredicate => ({ kind: 'target_role_prefix', prefix })),
    fc.constantFrom('', 'sec', 'x').map((fragment): FlowPredicate => ({ kind: 'fact_contains', fragment })),
    fc
      .tuple(fc.constantFrom('all' as const, 'any' as const), fc.array(tie('p'), { maxLength: 2 }))
      .map(([kind, predicates]): FlowPredicate => ({ kind, predicates })),
  ),
})).p;

const flowPolicyArb: fc.Arbitrary<FlowPolicy> = fc.oneof(
  fc.constantFrom<FlowPolicy>('allow_all', 'deny_all'),
  fc
    .tuple(fc.constantFrom('allow_roles' as const, 'deny_roles' as const), fc.subarray([...ROLES]))
    .map(([kind, roles]): FlowPolicy => ({ kind, roles })),
  predicateArb.map((predicate): FlowPolicy => ({ kind: 'predicate', predicate })),
);

const failureArb: fc.Arbitrary<TopologyFailure> = fc.oneof(
  role.map((site): TopologyFailure => ({ kind: 'crash', site })),
  fc
    .tuple(fc.constantFrom('partition' as const, 'heal' as const), fc.array(edgeArb, { minLength: 1, maxLength: 2 }))
    .map(([kind, edges]): TopologyFailure => ({ kind, edges })),
  fc.record({ edge: edgeArb, seqNo: fc.nat({ max: 2 }) }).map((f): TopologyFailure => ({ kind: 'corrupt', ...f })),
  fc.record({ edge: edgeArb, deadline: fc.nat({ max: 24 }) }).map((f): TopologyFailure => ({ kind: 'timeout', ...f })),
);

const bufferConfigArb = machineConfigArb({ varyRatio: 1 }).map(
  (c) => c.bufferConfig ?? { mode: 'fifo' as const, initialCapacity: 1, policy: { kind: 'drop' as const } },
);

/** A prefix for the role at a drawn index. */
const at = (code: fc.Arbitrary<readonly Instruction[]>): fc.Arbitrary<readonly [number, readonly Instruction[]]> =>
  fc.tuple(fc.nat({ max: 3 }), code);

export function featurePlan(f: Tier2Feature): fc.Arbitrary<Plan> {
  const plan = (
    config: fc.Arbitrary<Partial<FullMachineConfig>>,
    prefixes: fc.Arbitrary<readonly (readonly [number, readonly Instruction[]])[]> = fc.constant([]),
    typed = false,
  ): fc.Arbitrary<Plan> => fc.record({ config, prefixes, typed: fc.constant(typed) });
  switch (f) {
    case 'speculation':
      return plan(
        fc.record({ speculationEnabled: coin(0.85), maxSpeculationDepth: fc.nat({ max: 3 }) }),
        fc.array(
          at(
            fc
              .tuple(
                fc.nat({ max: 2 }),
                fc.nat({ max: 2 }),
                fc.constantFrom<Instruction>({ op: 'Join' }, { op: 'Abort' }),
              )
              .map(([ghost, forks, end]): Instruction[] => [
                { op: 'Set', dst: 2, val: natV(ghost) },
                ...Array.from({ length: forks + 1 }, (): Instruction => ({ op: 'Fork', ghost: 2 })),
                end,
              ]),
          ),
          { minLength: 1, maxLength: 2 },
        ),
      );
    case 'guards': {
      const layer = fc.constantFrom('g', 'h', 'x');
      const layers = fc.uniqueArray(
        fc.record({ id: fc.constantFrom('g', 'h'), active: coin(0.8), denied: coin(0.15) }),
        { selector: (l: GuardLayerConfig) => l.id, maxLength: 2 },
      );
      return plan(
        fc.record({ guardLayers: layers }),
        fc.array(
          at(
            fc.tuple(layer, fc.boolean()).map(([l, release]): Instruction[] =>
              release
                ? [
                    { op: 'Acquire', layer: l, dst: 3 },
                    { op: 'Release', layer: l, evidence: 3 },
                  ]
                : [{ op: 'Acquire', layer: l, dst: 3 }],
            ),
          ),
          { minLength: 1, maxLength: 2 },
        ),
      );
    }
    case 'knowledge':
      return plan(
        fc.record({ flowPolicy: flowPolicyArb }),
        fc.array(
          at(
            fc
              .tuple(role, fc.constantFrom('secret', 'x', ''), role, fc.boolean())
              .map(([who, fact, target, tag]): Instruction[] => [
                {
                  op: 'Set',
                  dst: 2,
                  val: { kind: 'prod', left: { kind: 'chan', endpoint: { sid: 0, role: who } }, right: strV(fact) },
                },
                ...(tag ? [{ op: 'Tag', fact: 2, dst: 3 } as const] : []),
                { op: 'Set', dst: 4, val: strV(target) },
                { op: 'Check', knowledge: 2, target: 4, dst: 5 },
              ]),
          ),
          { minLength: 1, maxLength: 2 },
        ),
      );
    case 'transfer':
      return plan(
        fc.constant({}),
        fc.array(
          at(
            fc.nat({ max: 4 }).map((to): Instruction[] => [
              { op: 'Set', dst: 2, val: natV(to) },
              { op: 'Transfer', endpoint: 0, target: 2, bundle: 0 },
            ]),
          ),
          { minLength: 1, maxLength: 1 },
        ),
      );
    case 'sessions':
      return plan(
        fc.constant({}),
        fc.array(
          at(
            fc.tuple(fc.boolean(), fc.boolean()).map(([bound, close]): Instruction[] =>
              close
                ? [{ op: 'Close', session: 0 }]
                : [
                    {
                      op: 'Open',
                      roles: ['P', 'Q'],
                      localTypes: [
                        [
                          'P',
                          {
                            kind: 'send',
                            partner: 'Q',
                            branches: [{ label: { name: 'm', sort: 'unit' }, continuation: { kind: 'end' } }],
                          },
                        ],
                        [
                          'Q',
                          {
                            kind: 'recv',
                            partner: 'P',
                            branches: [{ label: { name: 'm', sort: 'unit' }, continuation: { kind: 'end' } }],
                          },
                        ],
                      ],
                      handlers: bound ? [[['P', 'Q'], '0']] : [],
                      dsts: [
                        ['P', 6],
                        ['Q', 7],
                      ],
                    },
                    { op: 'Offer', chan: 6, label: 'm' },
                    { op: 'Choose', chan: 7, table: [['m', 3]] },
                  ],
            ),
          ),
          { minLength: 1, maxLength: 1 },
        ),
      );
    case 'topology':
      return plan(
        fc.record({
          topologyPerturbations: fc.array(
            fc
              .record({ tick: fc.integer({ min: 1, max: 24 }), failure: failureArb })
              .map((p): TopologyPerturbation => p),
            { minLength: 1, maxLength: 3 },
          ),
        }),
      );
    case 'tokens':
      return plan(
        fc.record({
          initialProgressTokens: fc.nat({ max: 3 }),
          progressTokenPolicy: fc.constantFrom('carry' as const, 'consume' as const),
          schedPolicy: fc.constantFrom(
            { kind: 'progress_aware' } as const,
            { kind: 'priority_token_weighted' } as const,
            { kind: 'cooperative' } as const,
          ),
        }),
      );
    case 'edge_buffers':
      return plan(
        fc.record({
          edgeBufferConfigs: fc.array(
            fc
              .record({
                sender: role,
                receiver: role,
                sid: fc.option(fc.nat({ max: 1 }), { nil: undefined }),
                config: bufferConfigArb,
              })
              .map(({ sid, ...rest }): EdgeBufferConfig => (sid === undefined ? rest : { ...rest, sid })),
            { minLength: 1, maxLength: 2 },
          ),
        }),
      );
    case 'typed':
      return plan(
        fc.record({ payloadValidationMode: fc.constantFrom('structural' as const, 'strict_schema' as const) }),
        fc.constant([]),
        true,
      );
  }
}

/** Merges the plans of the drawn features (later ones override earlier config fields). */
export function mergePlans(plans: readonly Plan[]): Plan {
  return {
    config: Object.assign({}, ...plans.map((p) => p.config)) as Partial<FullMachineConfig>,
    prefixes: plans.flatMap((p) => p.prefixes),
    typed: plans.some((p) => p.typed),
  };
}

/** Replaces the plan's role names `A`, `B`, `C`, `Z` (every string equal to one) by the case's names. */
export function renameRoles(plan: Plan, names: NamePools): Plan {
  const map = new Map<string, string>(
    ROLES.map((r, i) => [r, r === 'Z' ? names.spare : (names.roles[i] ?? r)] as const),
  );
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return map.get(v) ?? v;
    if (typeof v === 'bigint' || typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map(walk);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  // The same shape with strings replaced.
  return walk(plan) as Plan;
}
