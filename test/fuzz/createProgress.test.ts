import { stripVTControlCharacters } from 'node:util';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createProgress, kPlainLineWidth } from '../../src/fuzz/createProgress.js';
import type { CampaignActivity, CampaignProgress } from '../../src/fuzz/types.js';

function sink(columns?: number): { writes: string[]; isTTY: boolean; columns?: number; write(t: string): void } {
  const writes: string[] = [];
  return {
    writes,
    isTTY: columns !== undefined,
    ...(columns === undefined ? {} : { columns }),
    write: (t) => void writes.push(t),
  };
}

const longIds = Array.from({ length: 14 }, (_, i) => ({
  id: `a-rather-long-property-name-${i}`,
  cases: 1000 + i,
  failures: 0,
}));

function progress(
  elapsedMs: number,
  activity: CampaignActivity[],
  extra: Partial<CampaignProgress> = {},
): CampaignProgress {
  return {
    elapsedMs,
    budgetMs: 60_000,
    runs: null,
    cases: 4210,
    casesPerSecond: 342.4,
    failures: 1,
    properties: [...longIds, { id: 'lean-vs-cooperative', cases: 0, failures: 0, skipped: 'no runner' }],
    activity,
    ...extra,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('progress output (issue #13 §4)', () => {
  test('a terminal: one live line, in colour, cut to the terminal width, naming the phase', () => {
    const out = sink(72);
    const p = createProgress(out, 5_000, { live: true, colors: true });
    p.update(progress(12_300, [{ phase: 'shrinking', property: 'cooperative-vs-reference', step: 4, sinceMs: 800 }]));
    const line = out.writes.at(-1) ?? '';
    expect(line.startsWith('\r')).toBe(true);
    expect(line.includes('\u001b[1m') && line.includes('\u001b[31m')).toBe(true); // bold time, red failures
    const visible = stripVTControlCharacters(line).replace(/^\r/, '');
    expect(visible.length).toBeLessThanOrEqual(71);
    expect(visible).toMatch(/^fuzz 12\.3s\/1m00s 4210 cases \(342\/s\) 1 failure 1 skipped \| shrinking co…$/);
    expect(visible).toHaveLength(71);
    // redraws are throttled; a note keeps the live line below it
    vi.setSystemTime(50);
    p.update(progress(12_350, []));
    expect(out.writes).toHaveLength(1);
    p.note('SKIPPED lean-vs-cooperative: no runner');
    expect(out.writes.slice(1).join('')).toContain('SKIPPED lean-vs-cooperative: no runner\n');
    expect(out.writes.at(-1)).toBe(line);
    p.end();
    expect(out.writes.at(-1)).toBe('\r\x1b[K');
  });

  test('piped or CI: plain lines of at most 120 characters, at most one every 5 s, and one at the end', () => {
    const out = sink();
    const p = createProgress(out, 5_000);
    for (let t = 0; t <= 12_000; t += 100) {
      vi.setSystemTime(t);
      p.update(progress(t, [{ phase: 'running', property: 'lane-buggy-vs-cooperative', lane: 'buggy', sinceMs: 300 }]));
    }
    p.end();
    expect(out.writes).toHaveLength(4); // at 0, 5 and 10 s, then the end
    for (const line of out.writes) {
      expect(line.endsWith('\n')).toBe(true);
      expect(stripVTControlCharacters(line)).toBe(line);
      expect(line.length - 1).toBeLessThanOrEqual(kPlainLineWidth);
    }
    expect(out.writes[1]).toBe(
      'fuzz 5.0s/1m00s 4210 cases (342/s) 1 failure 1 skipped | running lane buggy (lane-buggy-vs-cooperative)\n',
    );
  });

  test('every phase is named, the most telling first; a slow lane is called out', () => {
    const line = (activity: CampaignActivity[], extra: Partial<CampaignProgress> = {}): string => {
      const out = sink();
      createProgress(out).update(progress(1000, activity, extra));
      return out.writes[0] ?? '';
    };
    expect(line([{ phase: 'generating', property: 'json-roundtrip', sinceMs: 0 }])).toContain(
      '| generating json-roundtrip',
    );
    expect(line([{ phase: 'writing', sinceMs: 0 }])).toContain('| writing the corpus and the report');
    expect(
      line([
        { phase: 'generating', property: 'json-roundtrip', sinceMs: 0 },
        { phase: 'shrinking', property: 'heap-vs-model', step: 2, sinceMs: 0 },
      ]),
    ).toContain('| shrinking heap-vs-model (step 2) +1 more');
    // A shrink step that runs an external lane says both.
    expect(line([{ phase: 'shrinking', property: 'lane-x-vs-cooperative', lane: 'x', step: 3, sinceMs: 0 }])).toContain(
      '| shrinking lane-x-vs-cooperative (step 3), running lane x',
    );
    expect(
      line([{ phase: 'running', property: 'lane-x-vs-cooperative', lane: 'x', sinceMs: 7000 }], {
        slow: { lane: 'x', property: 'lane-x-vs-cooperative', ms: 7000 },
        failures: 0,
        properties: [],
      }),
    ).toContain('| lane x slow: one request running for 7.0s');
  });
});
