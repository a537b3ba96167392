/**
 * Environment variables, as `process.env` holds them, spelled without `@types/node` so the published
 * declarations type-check in a project that does not install Node's types (issue #13 §5).
 * `process.env` is one.
 *
 * @example
 * ```ts
 * const env: EnvironmentVariables = { ...process.env, TELLTALE_PROTOCOL_MACHINE_TIMEOUT_MS: '500' };
 * ```
 * @public
 */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;
