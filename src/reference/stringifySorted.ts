/**
 * The reference runner's output form, public for the CLI and tests: Lean's compact JSON with keys in
 * ascending code-point order at every level (bridge.md §4.7); bigints and lossless numbers print
 * exactly. It lives with the runner's other JSON helpers in `_internals/json.ts`.
 * @example
 * ```ts
 * stringifySorted({ b: 1, a: [2n] }); // '{"a":[2],"b":1}'
 * ```
 * @public
 */
export { stringifySorted } from './_internals/json.js';
