/**
 * Issue #11 §5: a compiler that binds a shadowed recursion variable to the outer loop. The
 * cooperative engine's compiler module is replaced by one that, when the bug is on, drops every
 * `rec X` whose X an earlier binder already bound (the compiler's loop list is never popped, so
 * "earlier" is in compile order): `var X` then jumps to the outer loop. The reference runner has
 * its own executor, so cooperative-vs-reference sees the difference — only on types that shadow,
 * which the generator draws since issue #11 §2.
 */
import { describe, expect, test, vi } from 'vitest';
import type { GlobalType, LocalType } from '../../src/types/session.js';
import { decodeGlobalLean } from '../../src/projection/decodeGlobalLean.js';
import type { RunRequest } from '../../src/types/bridge.js';
import type { Instruction } from '../../src/types/machine.js';
import { runCampaign } from '../../src/fuzz/runCampaign.js';
import { builtinProperties } from '../../src/fuzz/builtinProperties.js';
import { defaultImplementations } from '../../src/fuzz/implementations.js';
import { requestNodes } from './plantedBugs.js';

const bug = vi.hoisted(() => ({ on: false }));

/** Drops a binder that shadows one seen earlier in compile order (first branch only for sends). */
function bindToOuter(t: LocalType, seen: Set<string>): LocalType {
  switch (t.kind) {
    case 'rec': {
      if (seen.has(t.var)) return bindToOuter(t.body, seen);
      seen.add(t.var);
      return { ...t, body: bindToOuter(t.body, seen) };
    }
    case 'send':
    case 'recv': {
      // A multi-branch send compiles its first branch only (machine.md §10).
      const compiled = t.kind === 'send' && t.branches.length > 1 ? 1 : t.branches.length;
      return {
        ...t,
        branches: t.branches.map((b, i) =>
          i < compiled ? { ...b, continuation: bindToOuter(b.continuation, seen) } : b,
        ),
      };
    }
    default:
      return t;
  }
}

vi.mock('../../src/machine/compileLocalType.js', async (importOriginal) => {
  const real = await importOriginal<{ compileLocalType: (t: LocalType) => Instruction[] }>();
  return {
    ...real,
    compileLocalType: (t: LocalType) => real.compileLocalType(bug.on ? bindToOuter(t, new Set()) : t),
  };
});

/** Some choreography binds one recursion variable twice (the compiler's loop list is never popped). */
function shadows(request: RunRequest): boolean {
  const binders = (g: GlobalType): string[] =>
    g.kind === 'rec'
      ? [g.var, ...binders(g.body)]
      : g.kind === 'comm'
        ? g.branches.flatMap((b) => binders(b.continuation))
        : [];
  return request.choreographies.some((c) => {
    const g = decodeGlobalLean(c.global_type);
    const vars = g.ok ? binders(g.value) : [];
    return new Set(vars).size < vars.length;
  });
}

describe('shadowed-variable compiler bug (issue #11 §5)', () => {
  test('cooperative-vs-reference finds it within 600 runs (seed 306), shrunk to <= 8 choreographies + global-type nodes; the real compiler passes it', async () => {
    bug.on = true;
    try {
      const report = await runCampaign({
        seed: 306,
        runs: 600,
        properties: ['cooperative-vs-reference'],
        corpusDir: null,
        workers: 1,
      });
      const found = report.counterexamples[0];
      expect(found, 'not found').toBeDefined();
      if (found === undefined) return;
      expect(requestNodes(found.input)).toBeLessThanOrEqual(8);
      expect(shadows(found.input as RunRequest)).toBe(true);
      const property = builtinProperties().find((p) => p.id === 'cooperative-vs-reference');
      if (property === undefined) throw new Error('cooperative-vs-reference is missing');
      const ctx = { implementations: defaultImplementations(), lanes: {} };
      expect((await property.check(found.input, ctx)).pass).toBe(false);
      bug.on = false;
      expect((await property.check(found.input, ctx)).pass).toBe(true);
    } finally {
      bug.on = false;
    }
  });
});
