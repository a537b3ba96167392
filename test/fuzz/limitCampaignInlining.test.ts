import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

// A process-wide V8 setting: exercised in child processes on the built module, never in the test runner.
const entry = fileURLToPath(new URL('../../dist/src/fuzz/limitCampaignInlining.js', import.meta.url));
const run = promisify(execFile);

async function setsBudget(nodeArgs: readonly string[]): Promise<boolean> {
  const script = `const m = await import(${JSON.stringify(entry)}); console.log(JSON.stringify(m.limitCampaignInlining()));`;
  const { stdout } = await run(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], {
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim()) as boolean;
}

describe.skipIf(!existsSync(entry))('limitCampaignInlining', () => {
  test('sets the campaign budget in a plain process', async () => {
    expect(await setsBudget([])).toBe(true);
  });

  test("leaves a budget the user gave on node's command line alone", async () => {
    expect(await setsBudget(['--max-inlined-bytecode-size-cumulative=500'])).toBe(false);
  });
});
