/** Validator argument patterns of `telltale-lean-ref` (projection.md §11.1–11.2) — placeholder; the projection owner replaces it. */
export async function runValidator(_argv: readonly string[]): Promise<number> {
  return 1;
}
/** True when argv is one of the validator patterns. */
export function isValidatorInvocation(_argv: readonly string[]): boolean {
  return false;
}
