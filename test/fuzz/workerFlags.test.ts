import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const entry = fileURLToPath(new URL('../../dist/src/index.js', import.meta.url));
const run = promisify(execFile);

// Worker threads inherit the process's flags; a `node --input-type=module -e` script and V8 flags
// (which workers refuse when listed) must not keep the campaign's workers from starting.
describe.skipIf(!existsSync(entry))('fuzz workers under node flags', () => {
  test('a 2-worker campaign runs from a node --input-type=module -e script with V8 flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-fuzz-flags-'));
    try {
      const script = `
        const { runCampaign } = await import(${JSON.stringify(entry)});
        const r = await runCampaign({ workers: 2, runs: 40, seed: 3, properties: ['json-roundtrip'], corpusDir: ${JSON.stringify(dir)} });
        console.log(JSON.stringify({ status: r.status, cases: r.properties.map((p) => p.cases) }));
      `;
      const args = ['--max-old-space-size=2048', '--expose-gc', '--input-type=module', '-e', script];
      const { stdout } = await run(process.execPath, args, { timeout: 60_000 });
      expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toEqual({ status: 'passed', cases: [40] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
