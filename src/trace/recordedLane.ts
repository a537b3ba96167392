/**
 * The lane a run says it came from: its `lane` (set by `run()` and the plugin's `lanes`), else its
 * diagnostics' `engine`; a lane's `Result` is looked into. `undefined` for bare traces and outputs.
 * Comparisons and matchers name the sides of a divergence with it.
 * @param input - A trace, a run output, an engine or lane result, or a lane's `Result`.
 * @example `recordedLane(await run(request, { lane: 'reference' })) // 'reference'`
 * @public
 */
export function recordedLane(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  // A non-array object: its fields are read as unknown.
  const o = input as Record<string, unknown>;
  if (typeof o['ok'] === 'boolean' && 'value' in o && !('output' in o)) return recordedLane(o['value']);
  if (typeof o['lane'] === 'string') return o['lane'];
  const diagnostics = o['diagnostics'];
  if (typeof diagnostics === 'object' && diagnostics !== null && 'engine' in diagnostics) {
    const engine = (diagnostics as { engine?: unknown }).engine;
    if (typeof engine === 'string') return engine;
  }
  return undefined;
}
