/**
 * Every Tier 2 decoder rejects every kind of corruption of a valid artifact — a missing required
 * key, a value of the wrong type, an unknown enum variant, an unknown variant tag, a wrong version —
 * with exactly one problem, of the right code, at the corrupted path; and it accepts the absence of
 * a key that has a default.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { effectExchangeArb } from '../../../arbitraries/effectExchange.js';
import { protocolBundleArb } from '../../../arbitraries/protocolBundle.js';
import { replayBundleArb } from '../../../arbitraries/replayBundle.js';
import { rustEventArb } from '../../../arbitraries/rustEvent.js';
import { semanticObjectsArb } from '../../../arbitraries/semanticObjects.js';
import { simRunInputArb, simRunOutputArb } from '../../../arbitraries/simRun.js';
import {
  decodeArtifact,
  encodeArtifact,
  parseArtifactJson,
  stringifyArtifact,
  type CodecFamily,
} from '../../../src/bridge/codecs/artifact.js';
import { pathIndex, pathKey } from '../../../src/types/errors.js';

interface FamilyCase {
  readonly family: CodecFamily;
  readonly arb: fc.Arbitrary<unknown>;
  /** Normalized paths (`[]` for indices) whose keys have a serde default. */
  readonly defaulted: readonly RegExp[];
  /** Normalized paths of opaque or independently checked values (not corrupted, not entered). */
  readonly opaque: readonly RegExp[];
}

const effectOpaque = [/\.inputs$/, /\.outputs$/];
const claimsDefaults = (at: string): RegExp[] => [
  new RegExp(`^${at}\\.(liveness|distributed|classical)$`),
  new RegExp(`^${at}\\.(distributed|classical)\\.[a-z_]+$`),
  new RegExp(`^${at}\\.liveness\\.fairness_k$`),
  new RegExp(`^${at}\\.distributed\\.partial_synchrony\\.delta_bound$`),
  new RegExp(`^${at}\\.classical\\.(max_weight\\.slack|mean_field\\.population_size|mixing\\.mixing_time_bound)$`),
];

const kCases: readonly FamilyCase[] = [
  {
    family: 'semantic_objects',
    arb: semanticObjectsArb({ maxItems: 2 }),
    defaulted: [
      /^\$\.(transformation_obligations|publication_events|prestate_bindings|agreement_profiles|agreement_contracts|agreement_evidence|agreement_states|progress_transitions)$/,
      /^\$\.semantic_handoffs\[\]\.(revoked|activated)_owner_id$/,
      /^\$\.progress_contracts\[\]\.(budget_ticks|last_progress_tick|escalated_at_tick|reason)$/,
    ],
    opaque: effectOpaque,
  },
  {
    family: 'effect_exchanges',
    arb: fc.array(effectExchangeArb(), { maxLength: 2 }),
    defaulted: [/\.request\.(effect_id|session|operation_id)$/, /\.outcome\.response$/],
    opaque: [/\.body$/, /\.response$/],
  },
  {
    family: 'replay_bundle',
    arb: replayBundleArb({ maxItems: 2 }),
    defaulted: [
      /^\$\.(effect_trace|output_condition_trace)$/,
      /\.semantic_audit\[\]\.label$/,
      /\.topology(\.(site|from|to))?$/,
      /\.witness_ref$/,
    ],
    opaque: effectOpaque,
  },
  {
    family: 'effect_trace',
    arb: replayBundleArb({ maxItems: 2 }).map((b) => b.effect_trace),
    defaulted: [/\.topology(\.(site|from|to))?$/],
    opaque: effectOpaque,
  },
  {
    family: 'output_condition_trace',
    arb: replayBundleArb({ maxItems: 3 })
      .map((b) => b.output_condition_trace)
      .filter((t) => t.length > 0),
    defaulted: [/\.witness_ref$/],
    opaque: [],
  },
  {
    family: 'protocol_bundle',
    arb: protocolBundleArb({ maxDepth: 2 }),
    defaulted: claimsDefaults('\\$\\.claims'),
    opaque: [/^\$\.global_type$/, /^\$\.local_types\./],
  },
  {
    family: 'invariant_claims',
    arb: protocolBundleArb({ maxDepth: 1 }).map((b) => b.claims),
    defaulted: claimsDefaults('\\$'),
    opaque: [],
  },
  {
    family: 'sim_run_input',
    arb: simRunInputArb({ maxItems: 2 }),
    defaulted: [/^\$\.initial_states$/],
    opaque: [/^\$\.(scenario|global_type)$/, /^\$\.(local_types|initial_states)\./],
  },
  {
    family: 'sim_run_output',
    arb: simRunOutputArb({ maxItems: 2 }),
    defaulted: [/^\$\.(trace|violations|artifacts)$/, /^\$\.trace\[\]\.(?!schema_version$|kind$|tick$)[a-z_]+$/],
    opaque: [/^\$\.violations\[\]$/, /^\$\.artifacts$/],
  },
  {
    family: 'rust_trace',
    arb: fc.array(rustEventArb(), { minLength: 1, maxLength: 3 }),
    defaulted: [/\.OutputConditionChecked\.witness_ref$/],
    opaque: [],
  },
];

/** Every unit-variant string of the Tier 2 enums (a free-text field never holds one here). */
const kEnumValues: ReadonlySet<string> = new Set(
  [
    'pending blocked succeeded failed cancelled timed_out handed_off invalidated readiness cancellation timeout output_condition',
    'issued consumed rejected verified materialization handoff canonical audit published no_progress degraded',
    'immediate blocked_until_finalized none provisional soft_safe finalized no_agreement any_participant unanimous',
    'witness certificate commit_fact publication aborted Session Committed RolledBack',
    'authoritative command observe observational best_effort required forbidden session fragment global always',
    'declared_use_only internal_only may_block inherit_operation_budget until_timeout allow reject_same_operation',
    'reject_same_fragment internal external denied stale_authority invalid_evidence unavailable invalid_input',
    'determinism topology_disruption contract_violation unknown success failure Crash Partition Heal',
    'Cooperative RoundRobin Priority ProgressAware Byzantine Hybrid Asynchronous PartialSynchrony Synchronous',
    'Linearizable Sequential Eventual Total BoundedDegradation BestEffort None CrashOnly NetworkSplit Majority Weighted Flexible',
    'Unit Bool Nat String OutOfRegisters PcOutOfBounds OutOfCredits',
  ]
    .join(' ')
    .split(' '),
);

interface Target {
  readonly parent: Record<string, unknown>;
  readonly parentPath: string;
  readonly key: string;
  readonly path: string;
  readonly norm: string;
}

const normalize = (path: string): string => path.replace(/\[\d+\]/g, '[]');
const isWrapper = (o: Record<string, unknown>): boolean => {
  const keys = Object.keys(o);
  return keys.length === 1 && /^([A-Z]|threshold$|named$|required$|bounded$)/.test(keys[0] as string);
};

function targets(value: unknown, path: string, c: FamilyCase, out: Target[]): Target[] {
  if (c.opaque.some((r) => r.test(normalize(path)))) return out;
  if (Array.isArray(value)) value.forEach((v: unknown, i) => targets(v, pathIndex(path, i), c, out));
  else if (typeof value === 'object' && value !== null && !('isLosslessNumber' in value)) {
    const o = value as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      const p = pathKey(path, key);
      if (c.opaque.some((r) => r.test(normalize(p)))) continue;
      out.push({ parent: o, parentPath: path, key, path: p, norm: normalize(p) });
      targets(o[key], p, c, out);
    }
  }
  return out;
}

type Corruption = 'delete' | 'retype' | 'variant' | 'version';
type Expected =
  { readonly accept: true } | { readonly accept: false; readonly codes: readonly string[]; readonly path: string };

const kWrongType = [
  'ExpectedString',
  'ExpectedInteger',
  'ExpectedBoolean',
  'ExpectedArray',
  'ExpectedObject',
  'InvalidValue',
];

/** Applies a corruption in place and says what the decoder must report (null: not applicable here). */
function corrupt(t: Target, kind: Corruption, c: FamilyCase): Expected | null {
  const value = t.parent[t.key];
  switch (kind) {
    case 'delete':
      delete t.parent[t.key];
      if (isWrapper({ [t.key]: value }) && Object.keys(t.parent).length === 0)
        return { accept: false, codes: ['ExpectedObject'], path: t.parentPath };
      if (t.key === 'schema_version') return { accept: false, codes: ['UnsupportedSchemaVersion'], path: t.path };
      if (c.defaulted.some((r) => r.test(t.norm))) return { accept: true };
      return { accept: false, codes: ['MissingField'], path: t.path };
    case 'retype': {
      if (value === null) return null;
      const wrong = typeof value === 'string' ? 7 : Array.isArray(value) ? {} : typeof value === 'object' ? [] : 'x';
      t.parent[t.key] = wrong;
      if (t.key === 'schema_version') return { accept: false, codes: ['UnsupportedSchemaVersion'], path: t.path };
      return { accept: false, codes: kWrongType, path: t.path };
    }
    case 'variant':
      if (isWrapper(t.parent)) {
        delete t.parent[t.key];
        t.parent['NotAVariant'] = value;
        return { accept: false, codes: ['UnknownVariant'], path: pathKey(t.parentPath, 'NotAVariant') };
      }
      if (typeof value !== 'string' || !kEnumValues.has(value) || t.key === 'schema_version') return null;
      t.parent[t.key] = 'not_a_variant';
      return { accept: false, codes: ['UnknownVariant'], path: t.path };
    case 'version':
      if (t.key !== 'schema_version') return null;
      t.parent[t.key] = 'v0';
      return { accept: false, codes: ['UnsupportedSchemaVersion'], path: t.path };
  }
}

describe('strict decoders reject corruption at its path', () => {
  for (const c of kCases) {
    test(`${c.family}: missing key, wrong type, unknown variant, wrong version`, () => {
      let applied = 0;
      fc.assert(
        fc.property(
          c.arb,
          fc.nat(),
          fc.constantFrom<Corruption>('delete', 'retype', 'variant', 'version'),
          (value, pick, kind) => {
            const parsed = parseArtifactJson(stringifyArtifact(encodeArtifact(c.family, value as never)));
            if (!parsed.ok) throw new Error(parsed.error.message);
            const all = targets(parsed.value, '$', c, []);
            const eligible =
              kind === 'version'
                ? all.filter((t) => t.key === 'schema_version')
                : kind === 'variant'
                  ? all.filter(
                      (t) =>
                        isWrapper(t.parent) ||
                        (typeof t.parent[t.key] === 'string' && kEnumValues.has(t.parent[t.key] as string)),
                    )
                  : all;
            const t = eligible[pick % Math.max(1, eligible.length)];
            if (t === undefined) return;
            const expected = corrupt(t, kind, c);
            if (expected === null) return;
            applied += 1;
            const d = decodeArtifact(c.family, parsed.value);
            // One problem, of an expected code, at the corrupted path; none for a defaulted key.
            const seen = d.problems.map((p) => ({
              where: `${kind} ${t.path}`,
              path: p.path,
              codeOk: !expected.accept && expected.codes.includes(p.code),
            }));
            const want = expected.accept ? [] : [{ where: `${kind} ${t.path}`, path: expected.path, codeOk: true }];
            expect(seen).toEqual(want);
            expect(d.value === undefined).toBe(!expected.accept);
          },
        ),
        { numRuns: 300, seed: 2024 },
      );
      expect(applied).toBeGreaterThan(60);
    });
  }
});
