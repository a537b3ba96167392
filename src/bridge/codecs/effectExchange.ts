/**
 * Strict codec of `effect_exchanges` records (bridge.md §12; telltale `EffectExchangeRecord`,
 * `rust/machine/src/effect/core_types.rs`). The request metadata is typed with every enum; request
 * bodies and responses are opaque objects tagged by `kind`, kept byte for byte.
 */
import type { JsonValue } from '../../types/artifact.js';
import {
  EFFECT_ADMISSIBILITIES,
  EFFECT_AGREEMENT_USES,
  EFFECT_AUTHORITY_CLASSES,
  EFFECT_FAILURE_KINDS,
  EFFECT_HANDLER_DOMAINS,
  EFFECT_REENTRANCY_POLICIES,
  EFFECT_REGION_SCOPES,
  EFFECT_SEMANTIC_CLASSES,
  EFFECT_TOTALITIES,
  type EffectExchangeRecord,
  type EffectFailure,
  type EffectInterfaceMetadata,
  type EffectOutcome,
  type EffectOutcomeStatus,
  type EffectRequest,
  type EffectRetryShape,
  type EffectTimeoutPolicy,
} from '../../types/effectExchange.js';
import type { BridgeError } from '../../types/errors.js';
import { pathKey } from '../../types/errors.js';
import type { Result } from '../../types/result.js';
import {
  def,
  enumC,
  kindTaggedC,
  listC,
  nullableC,
  req,
  stringC,
  structC,
  taggedC,
  u64C,
  type Codec,
} from './_internals/codec.js';
import { decodeWith, fields, isRecord, type Reader } from './_internals/decoder.js';
import { describeJson } from './_internals/json.js';

const timeoutPolicy: Codec<EffectTimeoutPolicy> = taggedC('EffectTimeoutPolicy', ['none', 'inherit_operation_budget'], {
  required: structC('EffectTimeoutPolicy::Required', { budget_ticks: req(nullableC(u64C)) }),
});

const retryShape: Codec<EffectRetryShape> = taggedC('EffectRetryShape', ['forbidden', 'until_timeout'], {
  bounded: structC('EffectRetryShape::Bounded', { max_retries: req(u64C) }),
});

const metadata: Codec<EffectInterfaceMetadata> = structC('EffectInterfaceMetadata', {
  interface_name: req(stringC),
  operation_name: req(stringC),
  authority_class: req(enumC('EffectAuthorityClass', EFFECT_AUTHORITY_CLASSES)),
  semantic_class: req(enumC('EffectSemanticClass', EFFECT_SEMANTIC_CLASSES)),
  agreement_use: req(enumC('EffectAgreementUse', EFFECT_AGREEMENT_USES)),
  region_scope: req(enumC('EffectRegionScope', EFFECT_REGION_SCOPES)),
  admissibility: req(enumC('EffectAdmissibility', EFFECT_ADMISSIBILITIES)),
  totality: req(enumC('EffectTotality', EFFECT_TOTALITIES)),
  timeout_policy: req(timeoutPolicy),
  retry_shape: req(retryShape),
  reentrancy_policy: req(enumC('EffectReentrancyPolicy', EFFECT_REENTRANCY_POLICIES)),
  handler_domain: req(enumC('EffectHandlerDomain', EFFECT_HANDLER_DOMAINS)),
});

/** @internal Also read inside Rust faults (`Invoke`, `Acquire`). */
export const effectFailureCodec: Codec<EffectFailure> = structC('EffectFailure', {
  kind: req(enumC('EffectFailureKind', EFFECT_FAILURE_KINDS)),
  message: req(stringC),
});

const kStatuses = ['success', 'blocked', 'failure'] as const;

// Internally tagged by `status` (serde `tag = "status"`): the unit variants ignore other keys.
const readStatus: Reader<EffectOutcomeStatus> = (d, raw, path) => {
  if (!isRecord(raw))
    return d.fail('ExpectedObject', path, `expected an EffectOutcomeStatus object, got ${describeJson(raw)}`);
  const tagPath = pathKey(path, 'status');
  if (!Object.hasOwn(raw, 'status')) return d.fail('MissingField', tagPath, 'missing field `status` (the variant tag)');
  const tag = raw['status'];
  if (typeof tag !== 'string')
    return d.fail('ExpectedString', tagPath, `expected the variant tag as a string, got ${describeJson(tag)}`);
  if (tag === 'success' || tag === 'blocked') {
    for (const key of Object.keys(raw)) if (key !== 'status') d.ignored.push(pathKey(path, key));
    return { status: tag };
  }
  if (tag !== 'failure')
    return d.fail(
      'UnknownVariant',
      tagPath,
      `unknown variant \`${tag}\` of EffectOutcomeStatus; expected one of ${kStatuses.join(', ')}`,
    );
  const f = fields(d, raw, path, 'EffectOutcomeStatus::Failure');
  if (f === undefined) return undefined;
  f.req('status', () => tag);
  const failure = f.req('failure', effectFailureCodec.read);
  return f.done({ status: 'failure', failure });
};

const status: Codec<EffectOutcomeStatus> = {
  read: readStatus,
  write: (v) =>
    v.status === 'failure' ? { status: 'failure', failure: effectFailureCodec.write(v.failure) } : { status: v.status },
};

const outcome: Codec<EffectOutcome> = structC('EffectOutcome', {
  status: req(status),
  response: def(nullableC(kindTaggedC), null),
});

const request: Codec<EffectRequest> = structC('EffectRequest', {
  effect_id: def(nullableC(u64C), null),
  tick: req(u64C),
  session: def(nullableC(u64C), null),
  operation_id: def(nullableC(stringC), null),
  metadata: req(metadata),
  body: req(kindTaggedC),
});

/** @internal One record, for the run-output and validate paths. */
export const effectExchangeCodec: Codec<EffectExchangeRecord> = structC('EffectExchangeRecord', {
  effect_id: req(u64C),
  handler_identity: req(stringC),
  ordering_key: req(u64C),
  request: req(request),
  outcome: req(outcome),
});

/** @internal The `effect_exchanges` list. */
export const effectExchangesCodec: Codec<readonly EffectExchangeRecord[]> = listC(effectExchangeCodec);

/**
 * Strictly decodes one `effect_exchanges` record: ids, request (`effect_id`, `session`,
 * `operation_id` default to `null`), the twelve metadata fields with their enums, the body (an object
 * with a string `kind`, otherwise opaque), and the outcome (`status` tagged `success` / `blocked` /
 * `failure` with an `EffectFailure`; `response` default `null`).
 * @example
 * ```ts
 * const r = decodeEffectExchange(JSON.parse(text));
 * if (!r.ok) console.error(r.error.code, r.error.path); // e.g. UnknownVariant $.request.metadata.totality
 * ```
 * @public
 */
export function decodeEffectExchange(json: unknown): Result<EffectExchangeRecord, BridgeError> {
  return decodeWith(effectExchangeCodec.read, json);
}

/**
 * Strictly decodes an `effect_exchanges` array (paths `$[i]…`).
 * @example `decodeEffectExchanges([])` // ok: []
 * @public
 */
export function decodeEffectExchanges(json: unknown): Result<readonly EffectExchangeRecord[], BridgeError> {
  return decodeWith(effectExchangesCodec.read, json);
}

/**
 * Canonical JSON of one record (Rust field order, every optional field written, body and response
 * as given).
 * @example `stringifyArtifact(encodeEffectExchange(record))`
 * @public
 */
export function encodeEffectExchange(value: EffectExchangeRecord): JsonValue {
  return effectExchangeCodec.write(value) as JsonValue;
}
