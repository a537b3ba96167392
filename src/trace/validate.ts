/**
 * `validate`: does this artifact (from a Rust build, a runner, a report) match the contract? It
 * recognizes the family, decodes the document strictly with that family's decoder and lists every
 * problem with its code and JSON path.
 */
import {
  CODEC_FAMILIES,
  decodeArtifact,
  isCodecFamily,
  parseArtifactJson,
  type ArtifactDecoding,
} from '../bridge/codecs/artifact.js';
import { checkRunRequestText } from '../bridge/checkRunRequest.js';
import { parseRunOutput } from '../bridge/parseRunOutput.js';
import type { ArtifactFamily } from '../types/artifact.js';
import type { BridgeError } from '../types/errors.js';
import { decodeEnvelopeDiff } from './decodeEnvelopeDiff.js';
import { isRustTrace } from './fromRustTrace.js';

/** Every family `validate` knows, in documentation order. @example `ARTIFACT_FAMILIES.includes('run_output') // true` @public */
export const ARTIFACT_FAMILIES: readonly ArtifactFamily[] = Object.freeze([
  'run_request',
  'run_output',
  'envelope_diff',
  ...CODEC_FAMILIES,
]);

/** Options of {@link validate}. @public */
export interface ValidateOptions {
  /** The family to check against; when absent it is recognized from the document (see {@link detectFamily}). */
  readonly family?: ArtifactFamily;
}

/**
 * What {@link validate} found. `valid` ⇔ no problem. `ignored` lists the keys telltale's serde would
 * ignore (unknown fields of structs that do not deny them): notes, not problems.
 * @public
 */
export interface ValidationReport {
  /** The family checked, or `null` when none could be recognized (then `problems` says so). */
  readonly family: ArtifactFamily | null;
  readonly valid: boolean;
  /** Every problem found (at most 100; `dropped` counts the rest), each with `code`, `path`, `message`. */
  readonly problems: readonly BridgeError[];
  readonly ignored: readonly string[];
  readonly dropped: number;
}

const has = (o: Readonly<Record<string, unknown>>, ...keys: string[]): boolean => keys.some((k) => Object.hasOwn(o, k));

/**
 * The family of a parsed document, from its distinctive keys (the `schema_version` is then checked
 * by the family's decoder, so an unsupported version is reported as such), or `null`. A JSON array
 * is recognized only as a Rust machine trace; `effect_exchanges`, `effect_trace` and
 * `output_condition_trace` arrays carry no version and need an explicit family.
 * @example `detectFamily({ schema_version: 'protocol_bundle.v1', claims: {} }) // 'protocol_bundle'`
 * @public
 */
export function detectFamily(json: unknown): ArtifactFamily | null {
  if (Array.isArray(json)) return isRustTrace(json) ? 'rust_trace' : null;
  if (typeof json !== 'object' || json === null) return null;
  const o = json as Readonly<Record<string, unknown>>;
  if (has(o, 'operation_instances', 'outstanding_effects', 'semantic_handoffs')) return 'semantic_objects';
  if (has(o, 'claims')) return 'protocol_bundle';
  if (has(o, 'scheduler_permutation_class', 'baseline_engine', 'wave_width_bound')) return 'envelope_diff';
  if (has(o, 'choreographies')) return 'run_request';
  if (has(o, 'semantic_audit')) return 'replay_bundle';
  if (has(o, 'sessions', 'steps_executed', 'step_states')) return 'run_output';
  if (has(o, 'scenario', 'local_types', 'initial_states')) return 'sim_run_input';
  if (has(o, 'liveness', 'distributed', 'classical')) return 'invariant_claims';
  if (has(o, 'trace', 'violations', 'artifacts')) return 'sim_run_output';
  switch (o['schema_version']) {
    case 'protocol_machine.semantic_objects.v1':
      return 'semantic_objects';
    case 'protocol_bundle.v1':
      return 'protocol_bundle';
    case 'protocol_machine.envelope_diff.v1':
      return 'envelope_diff';
    default:
      return null;
  }
}

function report(family: ArtifactFamily | null, run: Omit<ArtifactDecoding<unknown>, 'value'>): ValidationReport {
  return {
    family,
    valid: run.problems.length === 0,
    problems: run.problems,
    ignored: run.ignored,
    dropped: run.dropped,
  };
}

const none = { problems: [], ignored: [], dropped: 0 } as const;

// parseRunOutput reports at `$` with the location at the end of its (Rust-worded) message.
function withPath(e: BridgeError): BridgeError {
  const m = / at (\$\S*)$/.exec(e.message);
  return m === null ? e : { ...e, path: m[1] as string };
}

const kTier2OutputKeys = [
  ['semantic_objects', 'semantic_objects'],
  ['effect_exchanges', 'effect_exchanges'],
  ['effect_trace', 'effect_trace'],
  ['output_condition_trace', 'output_condition_trace'],
] as const;

/** The strict client parse (bridge.md §6.2), then the Tier 2 keys with their own decoders. */
function validateRunOutput(text: string, json: unknown): Omit<ArtifactDecoding<unknown>, 'value'> {
  const parsed = parseRunOutput(text);
  if (!parsed.ok) return { ...none, problems: [withPath(parsed.error)] };
  const o = json as Readonly<Record<string, unknown>>;
  const problems: BridgeError[] = [];
  const ignored: string[] = [];
  let dropped = 0;
  for (const [key, family] of kTier2OutputKeys) {
    if (o[key] === undefined || o[key] === null) continue;
    const run = decodeArtifact(family, o[key]);
    const at = (p: string): string => `$.${key}${p.slice(1)}`;
    problems.push(...run.problems.map((p) => ({ ...p, path: at(p.path) })));
    ignored.push(...run.ignored.map(at));
    dropped += run.dropped;
  }
  return { problems, ignored, dropped };
}

const kUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Checks one artifact document strictly against its family (given, or recognized with
 * {@link detectFamily}): run requests with the client-side checks (`checkRunRequest`, bridge.md
 * §5.3), run outputs with the strict client parser (§6.2) plus the Tier 2 keys, `EnvelopeDiff`s with
 * `decodeEnvelopeDiff`, and every Tier 2 family with its codec. Text that is not UTF-8 or not JSON
 * is a problem `InvalidJSON` at `$`; a document of no recognizable family is `UnknownFamily`.
 * @example
 * ```ts
 * const r = validate(readFileSync('semantic_objects.json', 'utf8'));
 * for (const p of r.problems) console.log(`${p.code} at ${p.path}: ${p.message}`);
 * ```
 * @public
 */
export function validate(input: string | Uint8Array, options: ValidateOptions = {}): ValidationReport {
  let text: string;
  try {
    text = typeof input === 'string' ? input : kUtf8.decode(input);
  } catch {
    return report(options.family ?? null, {
      ...none,
      problems: [{ code: 'InvalidJSON', path: '$', message: 'the file is not UTF-8 text; JSON artifacts are UTF-8' }],
    });
  }
  const parsed = parseArtifactJson(text);
  if (!parsed.ok) return report(options.family ?? null, { ...none, problems: [parsed.error] });
  const json = parsed.value;
  const family = options.family ?? detectFamily(json);
  if (family === null) {
    return report(null, {
      ...none,
      problems: [
        {
          code: 'UnknownFamily',
          path: '$',
          message: `cannot tell which artifact this is (no known schema_version or distinctive keys); name it with --family ${ARTIFACT_FAMILIES.join('|')}`,
        },
      ],
    });
  }
  if (isCodecFamily(family)) return report(family, decodeArtifact(family, json));
  if (family === 'run_output') return report(family, validateRunOutput(text, json));
  const r = family === 'run_request' ? checkRunRequestText(text) : decodeEnvelopeDiff(json);
  return report(family, r.ok ? none : { ...none, problems: [r.error] });
}
