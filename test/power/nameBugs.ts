/**
 * Planted bugs of issue #11 §5: bugs that only names from the rich space, natural rejections and
 * process lanes judged on their own answers can reveal. Each names the property that must find it,
 * the campaign (seed, run budget), and a size bound for the shrunk counterexample. Runner bugs live
 * in a separate process (test/fixtures/runners/buggy-loader.mjs), the way a user's runtime would;
 * engine bugs are wrappers around the real cooperative engine that change one comparison.
 */
import { fileURLToPath } from 'node:url';
import type { Implementations } from '../../src/fuzz/implementations.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import type { CodeImage, Instruction } from '../../src/types/machine.js';
import type { RunRequest } from '../../src/types/bridge.js';
import { imageInstructions } from './instructionBugs.js';
import { requestNodes } from './plantedBugs.js';

/** One planted bug of §5 and what the campaign must achieve. */
export interface NameBug {
  readonly id: string;
  readonly description: string;
  readonly property: string;
  /** In-process wrappers (engine bugs). */
  readonly implementations?: () => Partial<Implementations>;
  /** External lanes, name → command (runner bugs). */
  readonly lanes?: Readonly<Record<string, string>>;
  readonly seed: number;
  readonly maxRuns: number;
  readonly size: (input: unknown) => number;
  readonly sizeUnit: string;
  readonly maxSize: number;
}

const runner = fileURLToPath(new URL('../fixtures/runners/buggy-loader.mjs', import.meta.url));
/** A lane command for the buggy runner (line protocol; `lean:` = its rejection texts are compared). */
const buggyLane = (bug: string, leanTexts: boolean): string =>
  `${leanTexts ? 'lean:' : ''}serve:${process.execPath} ${runner} ${bug} --serve`;

const isImage = (input: RunRequest | CodeImage): input is CodeImage => 'program' in input;

/**
 * The cooperative engine with a `Choose` whose table is a map keyed by a lossy key of the label
 * (`new Map(table.map(([l, pc]) => [key(l), pc]))`): of two labels that share a key, the later
 * entry wins for both. Rewriting the tables that way before the real engine runs is exactly that
 * lookup.
 */
export function cooperativeWithLabelKey(key: (label: string) => string): Implementations['runCooperative'] {
  const rewrite = (i: Instruction): Instruction => {
    if (i.op !== 'Choose') return i;
    const byKey = new Map(i.table.map(([l, pc]) => [key(l), pc] as const));
    const table = i.table.map(([l, pc]) => [l, byKey.get(key(l)) ?? pc] as const);
    return { ...i, table };
  };
  const lossy = (image: CodeImage): CodeImage => ({
    ...image,
    program: { ...image.program, code: image.program.code.map(rewrite) },
  });
  return (input, options) => runCooperative(isImage(input) ? lossy(input) : input, options);
}

/** Keeps only the high surrogate of each astral character: wrong only for code points above U+FFFF. */
export const astralKey = (label: string): string => [...label].map((c) => (c.length === 2 ? c.charAt(0) : c)).join('');

/** Ignores case. */
export const caseKey = (label: string): string => label.toLowerCase();

const laneProperty = 'lane-buggy-vs-cooperative';

/** The §5 bugs (the shadowed-variable compiler is in shadowBug.test.ts: it replaces a module). */
export const nameBugs: readonly NameBug[] = [
  {
    id: 'runner-accepts-duplicate-role',
    description: 'a runner (separate process) loads a role listed twice once, where the loader rejects it',
    property: laneProperty,
    lanes: { buggy: buggyLane('dedupe-roles', false) },
    seed: 301,
    maxRuns: 200,
    size: requestNodes,
    sizeUnit: 'choreographies + global-type nodes',
    maxSize: 8,
  },
  {
    id: 'runner-locale-role-order',
    description: 'a runner reports the first rejected role in locale order instead of code-point order',
    property: laneProperty,
    lanes: { buggy: buggyLane('locale-order', true) },
    seed: 302,
    maxRuns: 1000,
    size: requestNodes,
    sizeUnit: 'choreographies + global-type nodes',
    maxSize: 12,
  },
  {
    id: 'runner-listed-role-order',
    description: 'a runner reports the first rejected role in listed order instead of code-point order',
    property: laneProperty,
    lanes: { buggy: buggyLane('listed-order', true) },
    seed: 303,
    maxRuns: 500,
    size: requestNodes,
    sizeUnit: 'choreographies + global-type nodes',
    maxSize: 12,
  },
  {
    id: 'astral-label-compare',
    description: 'Choose compares labels by their high surrogates only (wrong only for astral characters)',
    property: 'cooperative-vs-reference-images',
    implementations: () => ({ runCooperative: cooperativeWithLabelKey(astralKey) }),
    seed: 309,
    maxRuns: 1000,
    size: imageInstructions,
    sizeUnit: 'instructions of the code image',
    maxSize: 12,
  },
  {
    id: 'case-insensitive-label-compare',
    description: 'Choose compares labels ignoring case',
    property: 'cooperative-vs-reference-images',
    implementations: () => ({ runCooperative: cooperativeWithLabelKey(caseKey) }),
    seed: 305,
    maxRuns: 200,
    size: imageInstructions,
    sizeUnit: 'instructions of the code image',
    maxSize: 8,
  },
];
