import { reproduceCommands } from '../reproduce.js';
import type { CampaignReport, CampaignStatus, PropertyStatus } from '../types.js';
import { campaignStatus, propertyStatus } from './status.js';

/** `schema` of the JSON fuzz report. @example `doc.schema === REPORT_SCHEMA` @public */
export const REPORT_SCHEMA = 'telltale-parity/fuzz-report';

/**
 * Version of the JSON fuzz report's shape (docs/report.md); bumped when a field changes meaning or
 * goes away (new optional fields do not bump it).
 * @example `doc.schemaVersion === REPORT_SCHEMA_VERSION`
 * @public
 */
export const REPORT_SCHEMA_VERSION = 1;

/**
 * The JSON fuzz report (`--report FILE.json`), schema version 1: the campaign's verdict and numbers,
 * every property's status, and every counterexample with what reproduces it. Documented field by
 * field in docs/report.md. Integers past 2^53 in inputs print as exact JSON numbers.
 * @example `const doc = JSON.parse(readFileSync('report.json', 'utf8')) as FuzzReportDocument;`
 * @public
 */
export interface FuzzReportDocument {
  readonly schema: typeof REPORT_SCHEMA;
  readonly schemaVersion: number;
  readonly status: CampaignStatus;
  readonly interruptedBy?: string;
  /** telltale-parity's version. */
  readonly version: string;
  readonly node: string | null;
  readonly startedAt: string | null;
  readonly wallMs: number | null;
  readonly seed: string;
  readonly budget: CampaignReport['budget'];
  readonly lanes: Readonly<Record<string, string>>;
  readonly corpusDir: string | null;
  readonly totals: {
    readonly properties: number;
    readonly cases: number;
    readonly counterexamples: number;
  } & Readonly<Record<PropertyStatus, number>>;
  readonly properties: readonly {
    readonly id: string;
    readonly description: string;
    readonly status: PropertyStatus;
    readonly skipped?: string;
    readonly cases: number;
    readonly failures: number;
    readonly seconds: number;
    readonly casesPerSecond: number;
    readonly counterexamples: readonly string[];
    readonly statistics?: Readonly<Record<string, Readonly<Record<string, number>>>>;
    readonly coverage?: { readonly seen: readonly string[]; readonly notSeen: readonly string[] };
    /** The property's seed pool: entries replayed first, entries this campaign added. */
    readonly pool?: { readonly replayed: number; readonly added: number };
  }[];
  readonly counterexamples: readonly {
    readonly property: string;
    readonly summary: string;
    readonly divergence: unknown;
    readonly hint?: string;
    readonly seed: number;
    readonly path: string;
    readonly numShrinks: number;
    readonly fullyShrunk: boolean;
    readonly corpusFile: string | null;
    readonly replay: string | null;
    readonly run: readonly string[];
    readonly lanes: Readonly<Record<string, string>>;
    readonly input: unknown;
  }[];
  readonly warnings: readonly string[];
}

/**
 * The report as its JSON document (see {@link FuzzReportDocument}).
 * @example `const doc = toReportDocument(report); doc.status // 'passed'`
 * @public
 */
export function toReportDocument(report: CampaignReport): FuzzReportDocument {
  const properties = report.properties.map((p) => ({
    id: p.id,
    description: p.description,
    status: propertyStatus(p),
    ...(p.skipped === undefined ? {} : { skipped: p.skipped }),
    cases: p.cases,
    failures: p.failures,
    seconds: p.seconds,
    casesPerSecond: p.casesPerSecond,
    counterexamples: [...p.counterexamples],
    ...(p.statistics === undefined ? {} : { statistics: p.statistics }),
    ...(p.coverage === undefined ? {} : { coverage: p.coverage }),
    ...(p.pool === undefined ? {} : { pool: p.pool }),
  }));
  const count = (status: PropertyStatus): number => properties.filter((p) => p.status === status).length;
  return {
    schema: REPORT_SCHEMA,
    schemaVersion: REPORT_SCHEMA_VERSION,
    status: campaignStatus(report),
    ...(report.interruptedBy === undefined ? {} : { interruptedBy: report.interruptedBy }),
    version: report.version,
    node: report.node ?? null,
    startedAt: report.startedAt ?? null,
    wallMs: report.wallMs ?? null,
    seed: report.seed,
    budget: report.budget,
    lanes: report.lanes ?? {},
    corpusDir: report.corpusDir ?? null,
    totals: {
      properties: properties.length,
      cases: properties.reduce((sum, p) => sum + p.cases, 0),
      counterexamples: report.counterexamples.length,
      passed: count('passed'),
      failed: count('failed'),
      skipped: count('skipped'),
      interrupted: count('interrupted'),
      'no-cases': count('no-cases'),
    },
    properties,
    counterexamples: report.counterexamples.map((c) => ({
      property: c.property,
      summary: c.summary,
      divergence: c.divergence ?? null,
      ...(c.hint === undefined ? {} : { hint: c.hint }),
      seed: c.seed,
      path: c.path,
      numShrinks: c.numShrinks,
      fullyShrunk: c.fullyShrunk !== false,
      corpusFile: c.corpusFile,
      replay: c.replay ?? (c.corpusFile === null ? null : reproduceCommands(c, c.corpusFile).replay),
      run: c.corpusFile === null ? [] : reproduceCommands(c, c.corpusFile).run,
      lanes: c.lanes ?? {},
      input: c.input,
    })),
    warnings: [...report.warnings],
  };
}

const kBigint = '\u0000telltale-parity-bigint:';

/**
 * JSON text of any value, pretty or compact, with `bigint`s as exact JSON numbers (never lossy,
 * never quoted).
 * @example `stringifyExact({ n: 2n ** 64n }) // '{"n":18446744073709551616}'`
 * @public
 */
export function stringifyExact(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${kBigint}${v}` : v), indent);
  // JSON.stringify writes the marker's NUL as \u0000; only our marker is followed by digits.
  return (text ?? 'null').replace(/"\\u0000telltale-parity-bigint:(-?\d+)"/g, '$1');
}
