import { pathIndex, pathKey } from '../types/errors.js';

/**
 * One entry of a deviation registry (bridge.md §14.1), keys exactly as the spec's example.
 * @example
 * ```json
 * {"id":"BR-DEV-01","owner":"bridge","status":"active","reason":"…","impact":"…","alternatives":["…"],"revisit":"2027-03-01","covers":["bridge.trace"],"follows":"lean"}
 * ```
 * @public
 */
export interface DeviationEntry {
  readonly id: string;
  readonly owner: string;
  readonly status: 'active' | 'resolved';
  readonly reason: string;
  readonly impact: string;
  readonly alternatives: readonly string[];
  /** `YYYY-MM-DD`; an active entry is expired when this is earlier than today (UTC). */
  readonly revisit: string;
  /** Dotted scope keys; an entry covers a key when it equals it or is a dot-prefix of it. */
  readonly covers: readonly string[];
  /** Which side the product follows: `lean`, `rust`, `both` or `ours`. */
  readonly follows: 'lean' | 'rust' | 'both' | 'ours';
}

/** Codes of {@link DeviationProblem}. @public */
export type DeviationProblemCode =
  | 'InvalidJSON'
  | 'ExpectedArray'
  | 'ExpectedObject'
  | 'MissingField'
  | 'MalformedField'
  | 'UnexpectedField'
  | 'DuplicateId'
  | 'Expired'
  | 'Unreadable';

/**
 * One finding of {@link checkDeviations}: stable `code`, JSON `path`, the entry it concerns (`id`, or
 * `entry[i]` when the entry has no usable id) and a message saying what to do.
 * @example `{ code: 'Expired', path: '$[0].revisit', entry: 'BR-DEV-01', message: 'expired: revisit date 2025-01-01 has passed; …' }`
 * @public
 */
export interface DeviationProblem {
  readonly code: DeviationProblemCode;
  readonly path: string;
  readonly entry: string;
  readonly message: string;
}

/** The result of {@link checkDeviations}: the usable entries and every problem found. @public */
export interface DeviationCheck {
  /** Entries without a shape problem (expired ones included: they still waive, with a warning). */
  readonly entries: readonly DeviationEntry[];
  /** Shape problems and expiries, in entry order. */
  readonly problems: readonly DeviationProblem[];
}

const kFields = ['id', 'owner', 'status', 'reason', 'impact', 'alternatives', 'revisit', 'covers', 'follows'] as const;
const kFollows = ['lean', 'rust', 'both', 'ours'];
const kScopeKey = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

/** Today's date as `YYYY-MM-DD` in UTC. @internal */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Whether `text` is a real calendar date written `YYYY-MM-DD` (`2024-02-29` yes, `2023-02-29` and
 * `2024-02-30` no).
 * @example `isCalendarDate('2024-02-30') // false`
 * @public
 */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * Whether an active entry's revisit date lies before `today` (UTC). Resolved entries never expire.
 * @example `isExpired(entry, '2027-03-02') // true for revisit 2027-03-01`
 * @public
 */
export function isExpired(entry: DeviationEntry, today: string = todayUtc()): boolean {
  return entry.status === 'active' && entry.revisit < today;
}

/**
 * Validates a parsed deviation registry (bridge.md §14.1): a JSON array of entries, each with exactly
 * the keys of {@link DeviationEntry}. Reports a missing, malformed or unknown field, a duplicate id and
 * an expired active entry. Never throws.
 *
 * @param json - The parsed registry.
 * @param options - `today` (`YYYY-MM-DD`, default: the current UTC date) decides expiry.
 * @example
 * ```ts
 * const { entries, problems } = checkDeviations(JSON.parse(text));
 * for (const p of problems) console.log(`${p.entry}: ${p.message}`);
 * ```
 * @public
 */
export function checkDeviations(json: unknown, options: { today?: string } = {}): DeviationCheck {
  const today = options.today ?? todayUtc();
  if (!Array.isArray(json)) {
    return {
      entries: [],
      problems: [
        {
          code: 'ExpectedArray',
          path: '$',
          entry: '$',
          message:
            'the registry must be a JSON array of deviation entries (docs/spec/bridge.md §14.1); wrap the entries in [ ]',
        },
      ],
    };
  }
  const entries: DeviationEntry[] = [];
  const problems: DeviationProblem[] = [];
  const seen = new Map<string, number>();
  json.forEach((raw: unknown, i: number) => {
    const path = pathIndex('$', i);
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push({
        code: 'ExpectedObject',
        path,
        entry: `entry[${i}]`,
        message:
          'each deviation entry must be a JSON object with id, owner, status, reason, impact, alternatives, revisit, covers and follows',
      });
      return;
    }
    // Checked to be a non-array object just above.
    const o = raw as Record<string, unknown>;
    const name = typeof o['id'] === 'string' && o['id'] !== '' ? o['id'] : `entry[${i}]`;
    const before = problems.length;
    const bad = (code: DeviationProblemCode, key: string, message: string): void => {
      problems.push({ code, path: pathKey(path, key), entry: name, message });
    };
    for (const key of kFields) {
      if (!Object.hasOwn(o, key) || o[key] === null)
        bad('MissingField', key, `missing field '${key}'; add it (see docs/spec/bridge.md §14.1 for the entry format)`);
    }
    for (const key of Object.keys(o)) {
      // Widened so that any key can be looked up; `includes` only compares.
      if (!(kFields as readonly string[]).includes(key))
        bad('UnexpectedField', key, `unknown field '${key}'; allowed fields: ${kFields.join(', ')}`);
    }
    const nonEmptyString = (key: string): void => {
      const v = o[key];
      if (v !== undefined && v !== null && (typeof v !== 'string' || v.trim() === ''))
        bad('MalformedField', key, `'${key}' must be a non-empty string`);
    };
    for (const key of ['id', 'owner', 'reason', 'impact'] as const) nonEmptyString(key);
    const status = o['status'];
    if (status !== undefined && status !== null && status !== 'active' && status !== 'resolved') {
      bad('MalformedField', 'status', `'status' must be "active" or "resolved", got ${JSON.stringify(status)}`);
    }
    const follows = o['follows'];
    if (follows !== undefined && follows !== null && (typeof follows !== 'string' || !kFollows.includes(follows))) {
      bad(
        'MalformedField',
        'follows',
        `'follows' must be one of ${kFollows.map((f) => `"${f}"`).join(', ')}, got ${JSON.stringify(follows)}`,
      );
    }
    const revisit = o['revisit'];
    if (revisit !== undefined && revisit !== null && (typeof revisit !== 'string' || !isCalendarDate(revisit))) {
      bad('MalformedField', 'revisit', `'revisit' must be a calendar date YYYY-MM-DD, got ${JSON.stringify(revisit)}`);
    }
    const alternatives = o['alternatives'];
    if (
      alternatives !== undefined &&
      alternatives !== null &&
      (!Array.isArray(alternatives) || alternatives.some((a: unknown) => typeof a !== 'string' || a.trim() === ''))
    ) {
      bad(
        'MalformedField',
        'alternatives',
        "'alternatives' must be an array of non-empty strings (the alternatives considered; [] if none)",
      );
    }
    const covers = o['covers'];
    if (covers !== undefined && covers !== null) {
      if (!Array.isArray(covers) || covers.length === 0) {
        bad(
          'MalformedField',
          'covers',
          '\'covers\' must be a non-empty array of dotted scope keys such as "bridge.trace"',
        );
      } else {
        covers.forEach((c: unknown, j: number) => {
          if (typeof c !== 'string' || !kScopeKey.test(c)) {
            problems.push({
              code: 'MalformedField',
              path: pathIndex(pathKey(path, 'covers'), j),
              entry: name,
              message: `'covers[${j}]' must be a dotted scope key such as "bridge.trace.sent", got ${JSON.stringify(c)}`,
            });
          }
        });
      }
    }
    if (typeof o['id'] === 'string' && o['id'] !== '') {
      const first = seen.get(o['id']);
      if (first !== undefined)
        bad('DuplicateId', 'id', `duplicate id (first used by entry ${first}); give each deviation its own id`);
      else seen.set(o['id'], i);
    }
    if (problems.length > before) return;
    // Every field was checked above and none had a problem.
    const entry = o as unknown as DeviationEntry;
    entries.push(entry);
    if (isExpired(entry, today)) {
      problems.push({
        code: 'Expired',
        path: pathKey(path, 'revisit'),
        entry: name,
        message: `expired: revisit date ${entry.revisit} has passed; revisit the deviation and set a new date, or mark it "resolved"`,
      });
    }
  });
  return { entries, problems };
}
