/**
 * Shared vocabulary of the Tier 2 artifact codecs (bridge.md §6, §12, §13; machine.md §12.2): the
 * integer and opaque-JSON representations, the artifact families `validate` knows, and the typed
 * error codes every strict decoder reports.
 */

/**
 * An unsigned 64-bit integer as decoded: a `number` up to `Number.MAX_SAFE_INTEGER`, a `bigint`
 * above it (so values up to 2^64 − 1 survive a round trip). Encoders accept either.
 * @example `const id: U64 = 4; const big: U64 = 18446744073709551615n;`
 * @public
 */
export type U64 = number | bigint;

/**
 * A signed 64-bit integer (`number` when safe, else `bigint`); telltale's `FixedQ32` values are
 * carried as their raw Q32.32 bits in this form (`1.0` = `4294967296`).
 * @example `const half: I64 = 2147483648; // 0.5 as FixedQ32 bits`
 * @public
 */
export type I64 = number | bigint;

/**
 * A JSON number kept as its exact text because no JS number prints back to the same text
 * (`1.0`, `-0`, `1e400`, `0.10000000000000001`): lossless-json's `LosslessNumber`, or any object of
 * this shape.
 * @example `{ isLosslessNumber: true, value: '1.0' }`
 * @public
 */
export interface JsonNumberText {
  readonly isLosslessNumber: true;
  readonly value: string;
}

/**
 * Opaque JSON carried through a codec unchanged (effect bodies and responses, effect inputs and
 * outputs, global and local types inside bundles): integers as `number`/`bigint`, other numbers as
 * `number` when that prints back identically, else {@link JsonNumberText}. Object key order is kept,
 * so encode(decode(text)) reproduces the value byte for byte.
 * @example `const body: JsonValue = { kind: 'send_decision', role: 'A', state: [] };`
 * @public
 */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonNumberText
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * The artifact families the strict codecs and `validate` know. The first four are the Tier 1
 * artifacts `validate` checks with their existing decoders.
 * @example `validate(text, { family: 'semantic_objects' })`
 * @public
 */
export type ArtifactFamily =
  | 'run_request'
  | 'run_output'
  | 'envelope_diff'
  | 'semantic_objects'
  | 'effect_exchanges'
  | 'effect_trace'
  | 'output_condition_trace'
  | 'replay_bundle'
  | 'protocol_bundle'
  | 'invariant_claims'
  | 'sim_run_input'
  | 'sim_run_output'
  | 'rust_trace';

/**
 * Error codes of the Tier 2 strict decoders, one spelling per concept:
 * - `InvalidJSON`: the text is not one JSON value (path `$`);
 * - `DuplicateField`: an object repeats a key (serde rejects it);
 * - `InputTooDeep`: nesting beyond what the parser handles;
 * - `UnsupportedSchemaVersion`: a `schema_version` that is missing, not a string or not the family's
 *   constant (bridge.md §6: rejected, never normalized);
 * - `MissingField`: a required key is absent (path = the missing key);
 * - `ExpectedObject` / `ExpectedArray` / `ExpectedString` / `ExpectedBoolean` / `ExpectedInteger`:
 *   a value of the wrong JSON type (or an integer out of its range);
 * - `UnknownVariant`: a string (or tag) outside the enum's variants;
 * - `InvalidValue`: a value of the right type that the field cannot hold (a `FixedQ32` decimal
 *   string that does not parse or overflows);
 * - `UnknownFamily`: `validate` cannot tell which family a document belongs to.
 * @example `const code: ArtifactErrorCode = 'UnknownVariant';`
 * @public
 */
export type ArtifactErrorCode =
  | 'InvalidJSON'
  | 'DuplicateField'
  | 'InputTooDeep'
  | 'UnsupportedSchemaVersion'
  | 'MissingField'
  | 'ExpectedObject'
  | 'ExpectedArray'
  | 'ExpectedString'
  | 'ExpectedBoolean'
  | 'ExpectedInteger'
  | 'UnknownVariant'
  | 'InvalidValue'
  | 'UnknownFamily';
