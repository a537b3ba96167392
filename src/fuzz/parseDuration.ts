/**
 * Parses a time budget: `90s`, `10m`, `2h`, `500ms`, or a bare number of seconds. `null` when the
 * text is not a duration.
 * @example `parseDuration('10m') // 600000`
 * @public
 */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (match === null) return null;
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1_000 : unit === 'm' ? 60_000 : 3_600_000;
  return Math.round(value * factor);
}
