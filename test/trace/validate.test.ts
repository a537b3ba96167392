import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ARTIFACT_FAMILIES, detectFamily, validate } from '../../src/trace/validate.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/tier2/${name}`, import.meta.url), 'utf8');

describe('validate', () => {
  test('recognizes each family from its version and keys', () => {
    expect(detectFamily({ schema_version: 'protocol_machine.semantic_objects.v1' })).toBe('semantic_objects');
    expect(detectFamily({ schema_version: 'protocol_bundle.v1', claims: {} })).toBe('protocol_bundle');
    expect(detectFamily({ schema_version: 'protocol_machine.envelope_diff.v1' })).toBe('envelope_diff');
    expect(detectFamily({ schema_version: 'lean_bridge.v1', choreographies: [] })).toBe('run_request');
    expect(detectFamily({ schema_version: 'lean_bridge.v1', trace: [], sessions: [] })).toBe('run_output');
    expect(detectFamily({ schema_version: 'lean_bridge.v1', semantic_audit: [] })).toBe('replay_bundle');
    expect(detectFamily({ schema_version: 'lean_bridge.v1', scenario: {} })).toBe('sim_run_input');
    expect(detectFamily({ schema_version: 'lean_bridge.v1', trace: [] })).toBe('sim_run_output');
    expect(detectFamily({ schema_version: 'lean_bridge.v1', liveness: null })).toBe('invariant_claims');
    expect(detectFamily([{ Halted: { tick: 1, coro_id: 0 } }])).toBe('rust_trace');
    expect(detectFamily([{ effect_id: 1 }])).toBeNull();
    expect(ARTIFACT_FAMILIES).toHaveLength(13);
  });

  test('a wrong version is reported for the family it belongs to, never normalized', () => {
    const r = validate('{"schema_version":"protocol_machine.semantic_objects.v2","operation_instances":[]}');
    expect(r.family).toBe('semantic_objects');
    expect(r.problems[0]).toMatchObject({ code: 'UnsupportedSchemaVersion', path: '$.schema_version' });
  });

  test('every problem of a document, each with code and path; unknown keys are notes', () => {
    const r = validate(
      JSON.stringify([{ predicate_ref: 'p', output_digest: 3, passed: true, extra: 1 }, { passed: 'x' }]),
      { family: 'output_condition_trace' },
    );
    expect(r.valid).toBe(false);
    expect(r.problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'ExpectedString $[0].output_digest',
      'MissingField $[1].predicate_ref',
      'MissingField $[1].output_digest',
      'ExpectedBoolean $[1].passed',
    ]);
    expect(r.ignored).toEqual(['$[0].extra']);
  });

  test('run outputs: the strict client parse, then the Tier 2 keys with their own decoders', () => {
    const good = fixture('run_output_semantic_objects.json');
    expect(validate(good)).toMatchObject({ family: 'run_output', valid: true });
    const out = JSON.parse(good) as Record<string, Record<string, unknown[]>>;
    (out['semantic_objects']!['publication_events']![0] as Record<string, unknown>)['status'] = 'withdrawn';
    expect(validate(JSON.stringify(out)).problems).toEqual([
      expect.objectContaining({ code: 'UnknownVariant', path: '$.semantic_objects.publication_events[0].status' }),
    ]);
    const extraRoot = validate(JSON.stringify({ ...out, extra: 1 }));
    expect(extraRoot.problems[0]).toMatchObject({ code: 'ParseError', path: '$' });
    const badEvent = validate(
      JSON.stringify({ ...out, trace: [{ schema_version: 'lean_bridge.v1', kind: 'sent', tick: -1 }] }),
    );
    expect(badEvent.problems[0]).toMatchObject({ code: 'ParseError', path: '$.trace[0].tick' });
  });

  test('run requests and EnvelopeDiffs use their existing decoders', () => {
    expect(validate(fixture('run_input_schema_version.json'))).toMatchObject({ family: 'run_request', valid: true });
    expect(
      validate('{"schema_version":"lean_bridge.v1","choreographies":[],"concurrency":-1,"max_steps":1}').problems[0],
    ).toMatchObject({
      code: 'ParseError',
      path: '$.concurrency',
    });
    const diff = {
      schema_version: 'protocol_machine.envelope_diff.v1',
      baseline_engine: 'cooperative',
      candidate_engine: 'threaded',
      scheduler_permutation_class: 'Exact',
      wave_width_bound: { baseline_max_wave_width: 1, candidate_max_wave_width: 1, declared_upper_bound: 2 },
      effect_ordering_class: 'Exact',
      failure_visible_diff_class: 'Exact',
      effect_determinism_tier: 'strict_deterministic',
    };
    expect(validate(JSON.stringify(diff))).toMatchObject({ family: 'envelope_diff', valid: true });
    expect(validate(JSON.stringify({ ...diff, schema_version: 1 })).problems[0]).toMatchObject({
      code: 'UnsupportedSchemaVersion',
      message: "unsupported schema_version '1'; expected 'protocol_machine.envelope_diff.v1'",
    });
  });

  test('not JSON, not UTF-8, or no family: one problem at $', () => {
    expect(validate('{').problems[0]).toMatchObject({ code: 'InvalidJSON', path: '$' });
    expect(validate(new Uint8Array([0x7b, 0xff, 0x7d])).problems[0]).toMatchObject({ code: 'InvalidJSON', path: '$' });
    const r = validate('[]');
    expect(r).toMatchObject({ family: null, valid: false });
    expect(r.problems[0]).toMatchObject({
      code: 'UnknownFamily',
      path: '$',
      message: expect.stringContaining('--family') as unknown,
    });
  });
});
