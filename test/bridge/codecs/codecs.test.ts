import { describe, expect, test } from 'vitest';
import {
  decodeArtifact,
  encodeArtifact,
  parseArtifactJson,
  stringifyArtifact,
} from '../../../src/bridge/codecs/artifact.js';
import { decodeEffectExchange } from '../../../src/bridge/codecs/effectExchange.js';
import { decodeOutputConditionTrace } from '../../../src/bridge/codecs/outputConditionTrace.js';
import { decodeProtocolBundle } from '../../../src/bridge/codecs/protocolBundle.js';
import { decodeReplayBundle } from '../../../src/bridge/codecs/replayBundle.js';
import { decodeRustTrace } from '../../../src/bridge/codecs/rustTrace.js';
import { decodeSemanticObjects, encodeSemanticObjects } from '../../../src/bridge/codecs/semanticObjects.js';
import { decodeSimRunInput, decodeSimRunOutput } from '../../../src/bridge/codecs/simRun.js';
import { fixedQ32FromDecimal } from '../../../src/bridge/codecs/_internals/fixedQ32.js';

const SO = 'protocol_machine.semantic_objects.v1';
const emptySO = {
  schema_version: SO,
  operation_instances: [],
  outstanding_effects: [],
  semantic_handoffs: [],
  authoritative_reads: [],
  observed_reads: [],
  materialization_proofs: [],
  canonical_handles: [],
  regions: [],
  progress_contracts: [],
};
const effectText = (id: string, inputs: string): string =>
  `{"effect_id":${id},"operation_id":"op","session":null,"owner_id":null,"effect_interface":null,"effect_operation":null,"effect_kind":"k","handler_identity":"h","status":"invalidated","ordering_key":1,"budget_ticks":null,"retry_policy":"r","invalidation_token":"t","completed_at_tick":2,"inputs":${inputs},"outputs":null}`;
const bundleText = (effect: string): string =>
  `{"schema_version":"${SO}","operation_instances":[],"outstanding_effects":[${effect}],"semantic_handoffs":[],"transformation_obligations":[],"authoritative_reads":[],"observed_reads":[],"materialization_proofs":[],"canonical_handles":[],"publication_events":[],"prestate_bindings":[],"agreement_profiles":[],"agreement_contracts":[],"agreement_evidence":[],"agreement_states":[],"regions":[],"progress_contracts":[],"progress_transitions":[]}`;

function roundTrip(text: string): string {
  const parsed = parseArtifactJson(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const d = decodeArtifact('semantic_objects', parsed.value);
  if (d.value === undefined) throw new Error(JSON.stringify(d.problems));
  return stringifyArtifact(encodeArtifact('semantic_objects', d.value));
}

describe('exact numbers', () => {
  test('u64 up to 2^64 - 1 and opaque numbers round-trip byte for byte', () => {
    const text = bundleText(
      effectText(
        '18446744073709551615',
        '{"z":1.0,"a":-0,"big":123456789012345678901234567890,"e":1e400,"f":0.5,"s":"x"}',
      ),
    );
    expect(roundTrip(text)).toBe(text);
    const parsed = parseArtifactJson(text);
    const so = parsed.ok ? decodeSemanticObjects(parsed.value) : null;
    expect(so?.ok && so.value.outstanding_effects[0]?.effect_id).toBe(18446744073709551615n);
  });

  test('integers outside u64, negatives and fractions are ExpectedInteger at their path', () => {
    for (const bad of ['18446744073709551616', '-1', '1.0', '1e2', '"1"']) {
      const parsed = parseArtifactJson(bundleText(effectText(bad, 'null')));
      const d = parsed.ok ? decodeArtifact('semantic_objects', parsed.value) : null;
      expect({ bad, ...d?.problems[0] }).toMatchObject({
        bad,
        code: 'ExpectedInteger',
        path: '$.outstanding_effects[0].effect_id',
      });
    }
  });

  test('text that is not one JSON value, or repeats a key, is rejected at $', () => {
    expect(parseArtifactJson('{"a":1}{')).toMatchObject({ ok: false, error: { code: 'InvalidJSON', path: '$' } });
    expect(parseArtifactJson('{"a":1,"a":2}')).toMatchObject({
      ok: false,
      error: { code: 'DuplicateField', path: '$', message: expect.stringContaining('`a`') as unknown },
    });
  });
});

describe('schema versions are rejected, never normalized (bridge.md §6)', () => {
  test.each([
    [
      'semantic objects',
      () => decodeSemanticObjects({ ...emptySO, schema_version: 'protocol_machine.semantic_objects.v2' }),
      "unsupported schema_version 'protocol_machine.semantic_objects.v2'; expected 'protocol_machine.semantic_objects.v1'",
    ],
    [
      'protocol bundle',
      () => decodeProtocolBundle({ schema_version: 'lean_bridge.v1' }),
      "unsupported schema_version 'lean_bridge.v1'; expected 'protocol_bundle.v1'",
    ],
    [
      'replay bundle (missing)',
      () => decodeReplayBundle({ semantic_audit: [] }),
      "unsupported schema_version 'null' for Lean bridge payload; expected 'lean_bridge.v1'",
    ],
    [
      'sim output (number)',
      () => decodeSimRunOutput({ schema_version: 1 }),
      "unsupported schema_version '1' for Lean bridge payload; expected 'lean_bridge.v1'",
    ],
  ])('%s', (_name, decode, message) => {
    expect(decode()).toEqual({
      ok: false,
      error: { code: 'UnsupportedSchemaVersion', path: '$.schema_version', message },
    });
  });

  test('nested versions: the claims inside a bundle, every sim output event', () => {
    const bundle = {
      schema_version: 'protocol_bundle.v1',
      global_type: { kind: 'end' },
      local_types: {},
      claims: { schema_version: 'protocol_bundle.v1' },
    };
    expect(decodeProtocolBundle(bundle)).toMatchObject({
      ok: false,
      error: { code: 'UnsupportedSchemaVersion', path: '$.claims.schema_version' },
    });
    const out = { schema_version: 'lean_bridge.v1', trace: [{ kind: 'sent', tick: 1 }] };
    expect(decodeSimRunOutput(out)).toMatchObject({
      ok: false,
      error: { code: 'UnsupportedSchemaVersion', path: '$.trace[0].schema_version' },
    });
  });
});

describe('serde shapes', () => {
  test('unknown fields are ignored (listed), and the canonical form drops them', () => {
    const d = decodeArtifact('semantic_objects', { ...emptySO, future_list: [1], regions: [] });
    expect(d.problems).toEqual([]);
    expect(d.ignored).toEqual(['$.future_list']);
    expect(JSON.stringify(encodeSemanticObjects(d.value!))).not.toContain('future_list');
  });

  test('externally tagged enums: data variants need their data, unit variants are strings', () => {
    const handoff = {
      handoff_id: 1,
      session: 0,
      from_coro: 0,
      to_coro: 1,
      scope: 'Fragments',
      status: 'Committed',
      tick: 1,
      reason: null,
    };
    expect(decodeSemanticObjects({ ...emptySO, semantic_handoffs: [handoff] })).toMatchObject({
      ok: false,
      error: {
        code: 'UnknownVariant',
        path: '$.semantic_handoffs[0].scope',
        message: expect.stringContaining('carries data') as unknown,
      },
    });
    expect(
      decodeSemanticObjects({ ...emptySO, semantic_handoffs: [{ ...handoff, scope: { Fragments: 'A' } }] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'ExpectedArray', path: '$.semantic_handoffs[0].scope.Fragments' },
    });
    const ok = decodeSemanticObjects({ ...emptySO, semantic_handoffs: [{ ...handoff, scope: 'Session' }] });
    // revoked/activated owners default to "" (serde default).
    expect(ok.ok && ok.value.semantic_handoffs[0]).toMatchObject({
      revoked_owner_id: '',
      activated_owner_id: '',
      scope: 'Session',
    });
  });

  test('AgreementRule: the five variants of semantic_objects.rs', () => {
    const profile = (rule: unknown): unknown => ({
      ...emptySO,
      agreement_profiles: [
        {
          profile_name: 'p',
          visibility: 'pending',
          rule,
          usable_at: 'none',
          finalized_at: 'finalized',
          required_evidence_kind: 'witness',
        },
      ],
    });
    for (const rule of [
      'no_agreement',
      'any_participant',
      'unanimous',
      { threshold: { required_participants: 2 } },
      { named: { rule_name: 'r' } },
    ])
      expect({ rule, ok: decodeSemanticObjects(profile(rule)).ok }).toEqual({ rule, ok: true });
    expect(decodeSemanticObjects(profile('majority'))).toMatchObject({
      ok: false,
      error: { code: 'UnknownVariant', path: '$.agreement_profiles[0].rule' },
    });
  });

  test('option fields must be present (spec §12); the four progress-contract defaults may be absent', () => {
    const read = {
      read_id: 'r',
      session: 1,
      owner_id: null,
      kind: 'readiness',
      lifecycle: 'issued',
      predicate_ref: null,
      witness_id: null,
      generation: null,
    };
    expect(decodeSemanticObjects({ ...emptySO, authoritative_reads: [read] })).toMatchObject({
      ok: false,
      error: { code: 'MissingField', path: '$.authoritative_reads[0].reason' },
    });
  });

  test('effect outcome status is internally tagged; failure needs a typed EffectFailure', () => {
    const base = JSON.parse(JSON.stringify(exchange)) as Record<string, Record<string, unknown>>;
    expect(decodeEffectExchange(exchange).ok).toBe(true);
    base['outcome'] = { status: { status: 'failure' } };
    expect(decodeEffectExchange(base)).toMatchObject({
      ok: false,
      error: { code: 'MissingField', path: '$.outcome.status.failure' },
    });
    base['outcome'] = { status: { status: 'failure', failure: { kind: 'oops', message: 'm' } } };
    expect(decodeEffectExchange(base)).toMatchObject({
      ok: false,
      error: { code: 'UnknownVariant', path: '$.outcome.status.failure.kind' },
    });
    base['outcome'] = { status: { status: 'done' } };
    expect(decodeEffectExchange(base)).toMatchObject({
      ok: false,
      error: { code: 'UnknownVariant', path: '$.outcome.status.status' },
    });
  });

  test('bodies and responses are objects tagged by a string kind, otherwise opaque', () => {
    const withBody = (body: unknown): unknown => ({ ...exchange, request: { ...exchange.request, body } });
    expect(decodeEffectExchange(withBody({ role: 'A' }))).toMatchObject({
      ok: false,
      error: { code: 'MissingField', path: '$.request.body.kind' },
    });
    expect(decodeEffectExchange(withBody('send'))).toMatchObject({
      ok: false,
      error: { code: 'ExpectedObject', path: '$.request.body' },
    });
    const text = stringifyArtifact({
      ...exchange,
      request: { ...exchange.request, body: { z: [1.5, { b: 2, a: 1 }], kind: 'x' } },
    });
    const parsed = parseArtifactJson(text);
    const d = parsed.ok ? decodeEffectExchange(parsed.value) : null;
    expect(d?.ok && stringifyArtifact(encodeArtifact('effect_exchanges', [d.value]))).toBe(`[${text}]`);
  });

  test('all problems of a document are collected; the Result carries the first', () => {
    const d = decodeArtifact('output_condition_trace', [{ predicate_ref: 1, output_digest: 2, passed: 'no' }, {}]);
    expect(d.problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'ExpectedString $[0].predicate_ref',
      'ExpectedString $[0].output_digest',
      'ExpectedBoolean $[0].passed',
      'MissingField $[1].predicate_ref',
      'MissingField $[1].output_digest',
      'MissingField $[1].passed',
    ]);
    expect(decodeOutputConditionTrace([{}])).toMatchObject({
      ok: false,
      error: { code: 'MissingField', path: '$[0].predicate_ref' },
    });
    const many = decodeArtifact(
      'output_condition_trace',
      Array.from({ length: 60 }, () => ({})),
    );
    expect(many.problems).toHaveLength(100);
    expect(many.dropped).toBe(80);
  });

  test('role names are free text, __proto__ included', () => {
    const text =
      '{"schema_version":"lean_bridge.v1","scenario":{"steps":1},"global_type":{"kind":"end"},"local_types":{"__proto__":{"kind":"end"}},"initial_states":{}}';
    const parsed = parseArtifactJson(text);
    const d = parsed.ok ? decodeSimRunInput(parsed.value) : null;
    expect(d?.ok && Object.keys(d.value.local_types)).toEqual(['__proto__']);
    expect(d?.ok && stringifyArtifact(encodeArtifact('sim_run_input', d.value))).toBe(text);
  });

  test('global and local types inside bundles go through the strict projection decoders', () => {
    const bad = {
      schema_version: 'lean_bridge.v1',
      scenario: null,
      global_type: { kind: 'comm', sender: 'A' },
      local_types: { A: { kind: 'bogus' } },
    };
    const d = decodeArtifact('sim_run_input', bad);
    expect(d.problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'MissingField $.global_type.receiver',
      'InvalidKind $.local_types.A.kind',
    ]);
  });
});

describe('FixedQ32 (telltale fixed_q32.rs): raw bits, or a decimal rounded to nearest, ties to even', () => {
  test.each([
    ['0.5', 2147483648n],
    ['1', 4294967296n],
    ['-1.5', -6442450944n],
    ['+2', 8589934592n],
    ['.25', 1073741824n],
    ['1e-1', 429496730n],
    ['0.000000000116415321826934814453125', 0n], // exactly 2^-33: a tie, rounds to even 0
    ['0.000000000349245965480804443359375', 2n], // 3 × 2^-33: a tie, rounds to even 2
    ['-2147483648', -(1n << 63n)],
    ['2147483648', undefined],
    ['abc', undefined],
    ['1.2.3', undefined],
  ])('%s', (text, bits) => {
    expect(fixedQ32FromDecimal(text)).toBe(bits);
  });

  test('in a bundle: decimal strings become bits; overflow is InvalidValue at the path', () => {
    const bundle = (honest_fraction: unknown): unknown => ({
      schema_version: 'protocol_bundle.v1',
      global_type: { kind: 'end' },
      local_types: {},
      claims: { schema_version: 'lean_bridge.v1', distributed: { nakamoto: { honest_fraction, finality_depth: 6 } } },
    });
    const ok = decodeProtocolBundle(bundle('0.5'));
    expect(ok.ok && ok.value.claims.distributed.nakamoto?.honest_fraction).toBe(2147483648);
    expect(decodeProtocolBundle(bundle('9999999999'))).toMatchObject({
      ok: false,
      error: { code: 'InvalidValue', path: '$.claims.distributed.nakamoto.honest_fraction' },
    });
    expect(decodeProtocolBundle(bundle(9223372036854775808n))).toMatchObject({
      ok: false,
      error: { code: 'ExpectedInteger' },
    });
  });
});

describe('Rust machine traces (machine.md §12.2)', () => {
  test('the serde forms of the spec decode; unit faults are strings', () => {
    const trace = [
      {
        Sent: { tick: 1, edge: { sid: 0, sender: 'A', receiver: 'B' }, session: 0, from: 'A', to: 'B', label: 'ping' },
      },
      { Halted: { tick: 9, coro_id: 1 } },
      { SessionTerminal: { tick: 3, session: 0, reason: { Closed: { reason: 'close instruction' } } } },
      { Faulted: { tick: 4, coro_id: 0, fault: 'OutOfRegisters' } },
      { Faulted: { tick: 5, coro_id: 0, fault: { UnknownLabel: { label: 'x' } } } },
      { OutputConditionChecked: { tick: 6, predicate_ref: 'p', output_digest: 'd', passed: true } },
    ];
    const d = decodeRustTrace(trace);
    expect(d.ok).toBe(true);
    expect(d.ok && stringifyArtifact(encodeArtifact('rust_trace', d.value))).toContain('"witness_ref":null');
    expect(decodeRustTrace([{ Teleported: { tick: 1 } }])).toMatchObject({
      ok: false,
      error: { code: 'UnknownVariant', path: '$[0].Teleported' },
    });
    expect(decodeRustTrace([{ Halted: { tick: 1, coro_id: 0 }, Closed: { tick: 1, session: 0 } }])).toMatchObject({
      ok: false,
      error: { code: 'ExpectedObject', path: '$[0]' },
    });
  });
});

const exchange = {
  effect_id: 9,
  handler_identity: 'host/runtime',
  ordering_key: 3,
  request: {
    effect_id: 9,
    tick: 3,
    session: 2,
    operation_id: 'effect:9',
    metadata: {
      interface_name: 'Transport',
      operation_name: 'sendDecision',
      authority_class: 'command',
      semantic_class: 'best_effort',
      agreement_use: 'forbidden',
      region_scope: 'session',
      admissibility: 'declared_use_only',
      totality: 'immediate',
      timeout_policy: 'none',
      retry_shape: 'forbidden',
      reentrancy_policy: 'allow',
      handler_domain: 'external',
    },
    body: { kind: 'send_decision', role: 'A', partner: 'B', label: 'msg', state: [], payload: null },
  },
  outcome: { status: { status: 'blocked' }, response: null },
};
