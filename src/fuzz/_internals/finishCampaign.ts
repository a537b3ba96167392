import { writeCorpusEntry, writeFileAtomic } from '../../corpus/writeCorpusEntry.js';
import { describeFsError } from '../../types/describeFsError.js';
import { toolVersion } from '../../version.js';
import { formatReport, reportFormatOf } from '../formatReport.js';
import { rerunCommand, reproduceCommands } from '../reproduce.js';
import type { ResolvedCampaignOptions } from '../resolveCampaignOptions.js';
import type {
  AnyFuzzProperty,
  CampaignReport,
  CampaignStatus,
  Counterexample,
  PropertyReport,
  PropertyStatus,
} from '../types.js';
import type { ChunkFailure } from './runChunk.js';

/** What the campaign loop learned about one property. */
export interface FinishedProperty {
  readonly property: AnyFuzzProperty;
  readonly skipped: string | null;
  /** The failure of its lowest failing chunk, if any. */
  readonly failure: ChunkFailure | null;
  readonly failedAt: number | null;
  readonly cases: number;
  readonly busyMs: number;
  /** Every chunk of a `runs` budget came back. */
  readonly finished: boolean;
  readonly unfinished: readonly { readonly chunk: number; readonly message: string }[];
  /** When the failure was found: cases generated before it and campaign time spent on them. */
  readonly detection?: { readonly cases: number; readonly ms: number } | null;
  /** What the property's cases exercised (statistics and coverage). */
  readonly observed?: Pick<PropertyReport, 'statistics' | 'coverage'>;
  /** Its seed pool: entries replayed first, entries added. */
  readonly pool?: { readonly replayed: number; readonly added: number };
}

/**
 * The end of a campaign: saves each counterexample with the lanes its property ran, decides every
 * status, and writes the report file (a write failure is reported, never thrown: the findings are
 * in the returned report and the corpus).
 */
export function finishCampaign(
  options: ResolvedCampaignOptions,
  run: {
    readonly states: readonly FinishedProperty[];
    readonly warnings: string[];
    readonly startedAt: Date;
    /** The signal that stopped the campaign, or null when it ran its budget. */
    readonly interruptedBy: string | null;
    readonly laneCommands: Readonly<Record<string, string>>;
  },
): CampaignReport {
  const { seed, runs, timeMs, chunkSize, shard, corpusDir, workers } = options;
  const { warnings, interruptedBy } = run;
  const shardText = shard === null ? null : `${shard.index}/${shard.count}`;
  const counterexamples: Counterexample[] = [];
  const properties: PropertyReport[] = [];
  for (const state of run.states) {
    const lanes = pick(run.laneCommands, state.property.lanes ?? []);
    const files: string[] = [];
    const failure = state.failure;
    if (failure !== null && state.failedAt !== null) {
      let corpusFile: string | null = null;
      if (corpusDir !== null) {
        try {
          const written = writeCorpusEntry(corpusDir, {
            property: state.property.id,
            input: failure.input,
            seed: failure.seed,
            path: failure.path,
            failure: {
              summary: failure.summary,
              divergence: failure.divergence,
              ...(failure.hint === undefined ? {} : { hint: failure.hint }),
            },
            toolVersion: toolVersion(),
            campaignSeed: seed,
            ...(failure.fullyShrunk ? {} : { fullyShrunk: false }),
            ...(failure.swarm === null ? {} : { swarm: failure.swarm }),
            lanes,
          });
          corpusFile = written.file;
          files.push(corpusFile);
          if (written.replaced !== undefined)
            warnings.push(`replaced ${written.file} while saving ${state.property.id}: ${written.replaced.message}`);
        } catch (error) {
          warnings.push(
            `could not save the counterexample of ${state.property.id}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      const found = { property: state.property.id, input: failure.input, lanes, chunk: state.failedAt };
      counterexamples.push({
        property: state.property.id,
        seed: failure.seed,
        path: failure.path,
        input: failure.input,
        summary: failure.summary,
        divergence: failure.divergence,
        ...(failure.hint === undefined ? {} : { hint: failure.hint }),
        numShrinks: failure.numShrinks,
        fullyShrunk: failure.fullyShrunk,
        corpusFile,
        chunk: state.failedAt,
        lanes,
        replay:
          corpusFile === null
            ? rerunCommand(found, { seed, chunkSize, shard: shardText })
            : reproduceCommands(found, corpusFile).replay,
        ...(failure.executions === undefined ? {} : { executions: failure.executions }),
        ...(failure.swarm === null ? {} : { swarm: failure.swarm }),
        ...(state.detection === undefined || state.detection === null ? {} : { detection: state.detection }),
      });
    }
    const failures =
      (state.failedAt === null ? 0 : 1) +
      state.unfinished.filter((u) => state.failedAt === null || u.chunk < state.failedAt).length;
    const seconds = state.busyMs / 1000;
    const status: PropertyStatus =
      state.skipped !== null
        ? 'skipped'
        : failures > 0
          ? 'failed'
          : interruptedBy !== null && !state.finished
            ? 'interrupted'
            : state.cases === 0
              ? 'no-cases'
              : 'passed';
    properties.push({
      id: state.property.id,
      description: state.property.description,
      status,
      cases: state.cases,
      failures,
      seconds: Math.round(seconds * 1000) / 1000,
      casesPerSecond: seconds > 0 ? Math.round(state.cases / seconds) : 0,
      ...(state.skipped === null ? {} : { skipped: state.skipped }),
      counterexamples: files,
      ...state.observed,
      ...(state.pool === undefined ? {} : { pool: state.pool }),
    });
  }
  const status: CampaignStatus =
    interruptedBy !== null
      ? 'interrupted'
      : properties.some((p) => p.status === 'failed')
        ? 'failed'
        : properties.some((p) => p.status === 'passed')
          ? 'passed'
          : 'nothing-checked';
  const report: CampaignReport = {
    status,
    ...(interruptedBy === null ? {} : { interruptedBy }),
    version: toolVersion(),
    node: process.version,
    startedAt: run.startedAt.toISOString(),
    wallMs: Date.now() - run.startedAt.getTime(),
    lanes: run.laneCommands,
    corpusDir,
    seed,
    budget: { runs, timeMs, shard: shardText, workers },
    properties,
    counterexamples,
    warnings,
  };
  const errors: string[] = [];
  for (const file of options.reports) {
    try {
      writeFileAtomic(file, formatReport(report, reportFormatOf(file)));
    } catch (error) {
      // The findings are in the returned report (and the corpus): say what was not written, do not throw them away.
      errors.push(`could not write the report to '${file}': ${describeFsError(error)}`);
    }
  }
  return errors.length === 0
    ? report
    : { ...report, warnings: [...warnings, ...errors], reportError: errors.join('; ') };
}

function pick(commands: Readonly<Record<string, string>>, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const command = commands[name];
    if (command !== undefined) picked[name] = command;
  }
  return picked;
}
