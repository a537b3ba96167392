/**
 * Cases per second of one run-comparing property over the 2,000-request bench file: each case runs
 * both lanes and compares them through the property's own `check`, as a campaign does (inputs are
 * read from the file, not generated). argv: `<checkout dir> <property id> <passes>`; a warm-up
 * pass over the first 300 requests comes first. Answers `{ cases, passes: [{ cpuMs, wallMs, failures }] }`.
 */
import { readFileSync } from 'node:fs';
import { answer, loadApi, timed, type Property } from './api.js';

const [dir = '.', id = 'cooperative-vs-reference', passesArg = '1'] = process.argv.slice(2);
const api = await loadApi(dir);
const file = JSON.parse(readFileSync(new URL('../fixtures/requests-2000.json', import.meta.url), 'utf8')) as {
  requests: Record<string, unknown>[];
};
const requests = file.requests;

let property: Property | undefined;
let lanes: Record<string, ReturnType<typeof api.referenceLane>> = {};
let inputs: unknown[];
switch (id) {
  case 'lane-reference-vs-cooperative':
    // An in-process reference lane through `run`-style lane calls and observationallyEquivalent.
    lanes = { reference: api.referenceLane() };
    property = api.laneVsCooperative('reference');
    inputs = requests;
    break;
  case 'cooperative-vs-threaded-n1':
    inputs = requests.map((r) => ({ ...r, concurrency: 1 }));
    break;
  case 'cooperative-vs-threaded-envelope':
    inputs = requests.map((r, i) => ({ request: { ...r, concurrency: 2 + (i % 3) }, lanes: 2 + (i % 3) }));
    break;
  default:
    inputs = requests;
}
property ??= api.builtinProperties().find((p) => p.id === id);
if (property === undefined) throw new Error(`no property ${id}`);
const ctx = { implementations: api.defaultImplementations(), lanes };

async function pass(list: readonly unknown[], p: Property): Promise<number> {
  let failures = 0;
  for (const input of list) if (!(await p.check(input, ctx)).pass) failures += 1;
  return failures;
}

await pass(inputs.slice(0, 300), property);
const passes = [];
for (let k = 0; k < Number(passesArg); k += 1) {
  let failures = 0;
  const p = property;
  const t = await timed(async () => {
    failures = await pass(inputs, p);
  });
  passes.push({ ...t, failures });
}
for (const lane of Object.values(lanes)) await lane.close?.();
answer({ cases: inputs.length, passes });
