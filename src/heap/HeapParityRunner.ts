/**
 * The Rust↔Lean heap lane (heap.md §8): run a `heap_parity_runner`-compatible executable on a
 * `heap_parity.v1` fixture and check its `lean_heap_parity.v1` answer the way telltale's strict
 * lane does (`rust/bridge/tests/heap_lean_parity.rs`), against the fixture and our own heap.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnProcess } from '../process/spawnProcess.js';
import type { BridgeError } from '../types/errors.js';
import { err, ok, type Result } from '../types/result.js';
import type { HeapFieldMismatch } from '../types/heap.js';
import { diffJson } from './_internals/diffJson.js';
import { asObject, getArray, getObject, getString, parseLossless, type JsonObject } from './_internals/json.js';
import { HeapSchemaError } from './HeapSchemaError.js';
import { checkHeapVectors } from './checkHeapVectors.js';
import type { EnvironmentVariables } from '../types/environment.js';

/** Options of the heap lane; environment variables fill what is not given. @example `{ command: process.execPath, args: ['dist/src/reference/bin.js', 'heap-parity'] }` @public */
export interface HeapParityRunnerOptions {
  /** Command to run (path or bare name on PATH). @defaultValue env `TELLTALE_LEAN_HEAP_RUNNER`, else telltale's build path */
  readonly command?: string;
  /** Arguments placed before the fixture path (e.g. `['dist/src/reference/bin.js', 'heap-parity']` with `command: process.execPath`). @defaultValue `[]` */
  readonly args?: readonly string[];
  /** Wall-clock limit. @defaultValue env `TELLTALE_LEAN_TIMEOUT_MS` (integer ≥ 1), else 120000 */
  readonly timeoutMs?: number;
  /** stdout limit. @defaultValue env `TELLTALE_PARITY_MAX_OUTPUT_BYTES`, else 268435456 */
  readonly maxOutputBytes?: number;
  /** Directory the default path is searched from (≤ 5 ancestors holding `lean/.lake/`). @defaultValue `process.cwd()` */
  readonly cwd?: string;
  readonly env?: EnvironmentVariables;
}

/** Defaults of {@link HeapParityRunnerOptions}. @example `kHeapParityRunnerDefaults.timeoutMs // 120000` @public */
export const kHeapParityRunnerDefaults = {
  timeoutMs: 120_000,
  maxOutputBytes: 268_435_456,
  binaryPath: 'lean/.lake/build/bin/heap_parity_runner',
  skipReason:
    'lean heap lane: no Lean heap_parity_runner configured or found (build it with `cd lean && lake build heap_parity_runner`, or set TELLTALE_LEAN_HEAP_RUNNER)',
} as const;

/** A parsed `lean_heap_parity.v1` answer (heap.md §8.2), JSON as printed (counters as bigint). @example `output.replay` @public */
export type LeanHeapParityOutput = Readonly<Record<string, unknown>>;

/** Outcome of {@link runLeanHeapLane}. @example `{ status: 'skipped', reason: 'lean heap lane: …' }` @public */
export type HeapLaneResult =
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'passed'; readonly output: LeanHeapParityOutput }
  | {
      readonly status: 'failed';
      readonly output: LeanHeapParityOutput;
      readonly mismatches: readonly HeapFieldMismatch[];
      /** Known Lean-model gaps the fixture exercises (`HEAP-D2`, `HEAP-D3`): report them as such, not as product bugs. */
      readonly deviations: readonly string[];
    }
  | { readonly status: 'error'; readonly error: BridgeError };

const LABEL = 'Lean heap parity runner';

function envInt(value: string | undefined, fallback: number): number {
  if (value === undefined || !/^\d+$/.test(value.trim())) return fallback;
  return Math.max(1, Number(value.trim()));
}

function findDefault(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (let i = 0; i <= 5; i++) {
    if (existsSync(path.join(dir, 'lean', '.lake'))) {
      const bin = path.join(dir, kHeapParityRunnerDefaults.binaryPath);
      try {
        return statSync(bin).isFile() ? bin : undefined;
      } catch {
        return undefined;
      }
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

// spawnProcess words its messages for the protocol-machine runner; the heap lane keeps telltale's.
function relabel(e: BridgeError): BridgeError {
  return {
    ...e,
    message: e.message
      .replace(/^protocol-machine runner operation '/, `${LABEL} '`)
      .replace(/^protocol-machine runner/, LABEL),
  };
}

/**
 * Runs a `heap_parity_runner`-compatible executable (telltale's Lean build, or
 * `telltale-lean-ref heap-parity`) on fixtures.
 * @example
 * ```ts
 * const located = HeapParityRunner.locate({});
 * if ('runner' in located) await located.runner.runFixture('heap_lean_parity_v1.json');
 * ```
 * @public
 */
export class HeapParityRunner {
  private constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly timeoutMs: number,
    readonly maxOutputBytes: number,
    private readonly cwd: string | undefined,
    private readonly env: EnvironmentVariables | undefined,
  ) {}

  /**
   * Resolves the lane command: option, env `TELLTALE_LEAN_HEAP_RUNNER`, telltale's default build
   * path. With nothing configured and no build, the lane is skipped with a reason — unless
   * `TELLTALE_REQUIRE_LEAN_HEAP_PARITY` is set (not `0`): then it is `BinaryNotFound`.
   */
  static locate(
    options: HeapParityRunnerOptions = {},
  ): { runner: HeapParityRunner } | { skipped: string } | { error: BridgeError } {
    const env = options.env ?? process.env;
    const timeoutMs = options.timeoutMs ?? envInt(env.TELLTALE_LEAN_TIMEOUT_MS, kHeapParityRunnerDefaults.timeoutMs);
    const maxOutputBytes =
      options.maxOutputBytes ?? envInt(env.TELLTALE_PARITY_MAX_OUTPUT_BYTES, kHeapParityRunnerDefaults.maxOutputBytes);
    const configured = options.command ?? (env.TELLTALE_LEAN_HEAP_RUNNER || undefined);
    const command = configured ?? findDefault(options.cwd ?? process.cwd());
    if (command === undefined) {
      const strict =
        env.TELLTALE_REQUIRE_LEAN_HEAP_PARITY !== undefined && env.TELLTALE_REQUIRE_LEAN_HEAP_PARITY !== '0';
      if (!strict) return { skipped: kHeapParityRunnerDefaults.skipReason };
      return {
        error: {
          code: 'BinaryNotFound',
          path: '$',
          binary: kHeapParityRunnerDefaults.binaryPath,
          message: `${LABEL} binary not found at ${kHeapParityRunnerDefaults.binaryPath}`,
        },
      };
    }
    return {
      runner: new HeapParityRunner(command, options.args ?? [], timeoutMs, maxOutputBytes, options.cwd, options.env),
    };
  }

  /** Runs the fixture; process failures and garbage output are `BridgeError`s (bridge.md §5.2). */
  async runFixture(fixturePath: string): Promise<Result<LeanHeapParityOutput, BridgeError>> {
    const r = await spawnProcess({
      command: this.command,
      args: [...this.args, fixturePath],
      timeoutMs: this.timeoutMs,
      maxOutputBytes: this.maxOutputBytes,
      operation: 'run_fixture',
      ...(this.cwd === undefined ? {} : { cwd: this.cwd }),
      ...(this.env === undefined ? {} : { env: this.env }),
    });
    if (!r.ok) return err(relabel(r.error));
    return parseLeanHeapParityOutput(r.value.stdout);
  }
}

/**
 * Parses and shape-checks a runner's stdout (`ParseError` with
 * `Failed to parse Lean heap parity output: …` otherwise).
 * @example `parseLeanHeapParityOutput(stdout)`
 * @public
 */
export function parseLeanHeapParityOutput(stdout: string): Result<LeanHeapParityOutput, BridgeError> {
  const fail = (msg: string, p = '$'): Result<never, BridgeError> =>
    err({ code: 'ParseError', path: p, message: `Failed to parse Lean heap parity output: ${msg}` });
  let value: unknown;
  try {
    value = parseLossless(stdout);
  } catch (e) {
    return fail(`invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const o = asObject(value, '$');
    const version = getString(o, 'schema_version', '$');
    if (version !== 'lean_heap_parity.v1')
      return fail(`unsupported schema_version '${version}'; expected 'lean_heap_parity.v1'`, '$.schema_version');
    getObject(o, 'resource_fixture', '$');
    const hf = getObject(o, 'heap_fixture', '$');
    getArray(hf, 'active_resource_ids_hex', '$.heap_fixture');
    getObject(hf, 'heap_commitment', '$.heap_fixture');
    const replay = getObject(o, 'replay', '$');
    getObject(replay, 'first_run', '$.replay');
    getObject(replay, 'second_run', '$.replay');
    return ok(o);
  } catch (e) {
    if (e instanceof HeapSchemaError) return fail(e.message, e.path);
    throw e;
  }
}

/**
 * The checks of telltale's strict heap lane (heap.md §8.2, last paragraph), generalised from the
 * published fixture to any `heap_parity.v1` fixture: computed bytes and echoed digests equal the
 * fixture, the replayed ID lists match, proofs match, the commitment counter equals the number of
 * allocations, and the two replays are identical and stable.
 * @example `checkLeanHeapParity(output, fixtureJson) // [] when Lean and the fixture agree`
 * @public
 */
export function checkLeanHeapParity(output: LeanHeapParityOutput, fixture: unknown): HeapFieldMismatch[] {
  const out: HeapFieldMismatch[] = [];
  const count = { fields: 0 };
  // Read field by field through `get`, which tolerates any shape.
  const f = fixture as JsonObject;
  const get = (o: unknown, ...keys: (string | number)[]): unknown =>
    keys.reduce<unknown>(
      // A non-null object (checked in the same expression).
      (v, k) => (typeof v === 'object' && v !== null ? (v as Record<string | number, unknown>)[k] : undefined),
      o,
    );
  const eq = (p: string, expected: unknown, actual: unknown): void => diffJson(expected, actual, p, out, count);
  const rf = get(f, 'resource_fixture');
  const hf = get(f, 'heap_fixture');
  // The fixture was validated by checkHeapVectors first; lists are read as unknown elements.
  const ops = (get(hf, 'operations') as unknown[] | undefined) ?? [];
  const allocs = BigInt(ops.filter((op) => String(get(op, 'kind')).startsWith('alloc_')).length);
  eq('$.schema_version', 'lean_heap_parity.v1', output.schema_version);
  eq('$.heap_encoding_version', 1n, output.heap_encoding_version);
  eq('$.hasher', 'blake3', output.hasher);
  for (const k of [
    'canonical_bytes_hex',
    'resource_id_preimage_hex',
    'resource_leaf_preimage_hex',
    'resource_id_digest_hex',
  ]) {
    eq(`$.resource_fixture.${k}`, get(rf, k), get(output, 'resource_fixture', k));
  }
  eq(
    '$.resource_fixture.nullifier_leaf_preimage_hex',
    get(f, 'channel_fixture', 'nullifier_leaf_preimage_hex'),
    get(output, 'resource_fixture', 'nullifier_leaf_preimage_hex'),
  );
  const lh = get(output, 'heap_fixture');
  eq('$.heap_fixture.active_resource_ids_hex', get(hf, 'active_resource_ids_hex'), get(lh, 'active_resource_ids_hex'));
  eq(
    '$.heap_fixture.consumed_resource_ids_hex',
    get(hf, 'consumed_resource_ids_hex'),
    get(lh, 'consumed_resource_ids_hex'),
  );
  eq('$.heap_fixture.proof_index', get(hf, 'proof_index'), get(lh, 'proof_index'));
  // Validated fixture (as above).
  const proofPath = ((get(hf, 'proof_path') as unknown[] | undefined) ?? []).map((s) => ({
    direction: get(s, 'direction'),
    sibling_hash_hex: get(s, 'sibling_hash_hex'),
  }));
  eq(
    '$.heap_fixture.resource_proof',
    { leaf_hash_hex: get(hf, 'proof_leaf_hex'), root_hex: get(hf, 'proof_root_hex'), path: proofPath },
    get(lh, 'resource_proof'),
  );
  eq(
    '$.heap_fixture.nullifier_proof',
    {
      leaf_hash_hex: get(f, 'channel_fixture', 'nullifier_leaf_hex'),
      root_hex: get(hf, 'nullifier_root_hex'),
      path: [],
    },
    get(lh, 'nullifier_proof'),
  );
  eq(
    '$.heap_fixture.merkle_node_preimage_hex',
    get(hf, 'merkle_node_preimage_hex'),
    get(lh, 'merkle_node_preimage_hex'),
  );
  eq(
    '$.heap_fixture.heap_commitment',
    {
      resource_root_hex: get(hf, 'resource_root_hex'),
      nullifier_root_hex: get(hf, 'nullifier_root_hex'),
      counter: allocs,
    },
    get(lh, 'heap_commitment'),
  );
  eq(
    '$.heap_fixture.heap_commitment_preimage_hex',
    get(hf, 'commitment_preimage_hex'),
    get(lh, 'heap_commitment_preimage_hex'),
  );
  eq('$.heap_fixture.commitment_hash_hex', get(hf, 'commitment_hash_hex'), get(lh, 'commitment_hash_hex'));
  const replay = get(output, 'replay');
  eq('$.replay', { stable: true, active_ids_match_fixture: true, consumed_ids_match_fixture: true }, replay);
  eq('$.replay.first_run.counter', allocs, get(replay, 'first_run', 'counter'));
  eq('$.replay.second_run', get(replay, 'first_run'), get(replay, 'second_run'));
  // The answer's shape was checked by parseLeanHeapParityOutput.
  const digests = ((get(replay, 'first_run', 'active_resource_ids') as unknown[] | undefined) ?? []).map((r) =>
    get(r, 'digest_hex'),
  );
  eq('$.replay.first_run.active_resource_ids', get(hf, 'active_resource_ids_hex'), digests);
  return out;
}

/**
 * The whole heap lane: our heap must reproduce the fixture (`heap check` rules), the runner is
 * run on it, and its answer must pass {@link checkLeanHeapParity}. Skipped with the reason when no
 * Lean runner is configured or built.
 * @example
 * ```ts
 * const r = await runLeanHeapLane('test/fixtures/heap/heap_lean_parity_v1.json');
 * if (r.status === 'skipped') console.log(r.reason);
 * ```
 * @public
 */
export async function runLeanHeapLane(
  fixturePath: string,
  options: HeapParityRunnerOptions = {},
): Promise<HeapLaneResult> {
  const located = HeapParityRunner.locate(options);
  if ('skipped' in located) return { status: 'skipped', reason: located.skipped };
  if ('error' in located) return { status: 'error', error: located.error };
  let fixture: unknown;
  try {
    fixture = parseLossless(await readFile(fixturePath, 'utf8'));
  } catch (e) {
    return {
      status: 'error',
      error: {
        code: 'InvalidFixture',
        path: '$',
        message: `cannot read heap parity fixture ${fixturePath}: ${e instanceof Error ? e.message : String(e)}`,
      },
    };
  }
  const ours = checkHeapVectors(fixture);
  if (!ours.ok) return { status: 'error', error: ours.error };
  if (ours.value.schema !== 'heap_parity.v1') {
    return {
      status: 'error',
      error: {
        code: 'InvalidFixture',
        path: '$.schema_version',
        message: `the heap lane needs a heap_parity.v1 fixture, got ${ours.value.schema}`,
      },
    };
  }
  const run = await located.runner.runFixture(fixturePath);
  if (!run.ok) return { status: 'error', error: run.error };
  const ourMismatches = ours.value.groups.flatMap((g) => g.mismatches);
  const mismatches = [...ourMismatches, ...checkLeanHeapParity(run.value, fixture)];
  if (mismatches.length === 0) return { status: 'passed', output: run.value };
  // A consume our heap refuses is one Lean accepts silently (double: HEAP-D2; unknown id: HEAP-D3).
  const deviations = new Set<string>();
  for (const m of ourMismatches) {
    if (!/\.operations\[\d+\]$/.test(m.path)) continue;
    if (m.actual === 'AlreadyConsumed') deviations.add('HEAP-D2');
    if (m.actual === 'NotFound') deviations.add('HEAP-D3');
  }
  return { status: 'failed', output: run.value, mismatches, deviations: [...deviations].sort() };
}
