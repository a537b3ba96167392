/** Shapes of decoded JSON the machine's readers check before they look inside. */

/** A JSON object (not `null`, not an array). */
export function isRecord(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}
