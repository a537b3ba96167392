/**
 * Behavioural features (issue #11 §4): an executed `Choose` whose labels a careless comparison
 * confuses is a feature of its own (`choose:case-fold`, `choose:astral-siblings`,
 * `choose:utf16-order`), so the bandit favours the configurations that reach it and the coverage
 * report says when no case did.
 */
import { describe, expect, test } from 'vitest';
import { FeatureSet, knownFeatures, kImageFeatures, runFeatures } from '../../src/fuzz/_internals/features.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { codeImageFromLocalTypes } from '../../src/machine/codeImage.js';
import { projectChecked } from '../../src/projection/projectChecked.js';
import type { CodeImage } from '../../src/types/machine.js';
import type { GlobalType } from '../../src/types/session.js';

/** `A→B { l₀. end ; l₁. end ; … }` compiled to a code image. */
function choiceImage(labels: readonly string[]): CodeImage {
  const g: GlobalType = {
    kind: 'comm',
    sender: 'A',
    receiver: 'B',
    branches: labels.map((name) => ({ label: { name, sort: 'unit' }, continuation: { kind: 'end' } })),
  };
  const locals = (['A', 'B'] as const).map((r) => {
    const t = projectChecked(g, r);
    if (!t.ok) throw new Error(`projection of ${r} failed`);
    return [r, t.value] as const;
  });
  return codeImageFromLocalTypes(locals, g);
}

function chooseFeatures(labels: readonly string[]): string[] {
  const image = choiceImage(labels);
  return runFeatures(runCooperative(image), new FeatureSet(), { image })
    .toArray()
    .filter((f) => f.startsWith('choose:'));
}

describe('choose features', () => {
  test('an executed Choose table with labels equal up to case, astral siblings, or UTF-16 order unlike code points', () => {
    expect(chooseFeatures(['ok', 'OK'])).toStrictEqual(['choose:case-fold']);
    // 😀 and 😁 share their high surrogate; U+FF21 sorts before 😀 by UTF-16 unit, after it by code point.
    expect(chooseFeatures(['x😀', 'x😁'])).toStrictEqual(['choose:astral-siblings']);
    expect(chooseFeatures(['\uFF21', '😀'])).toStrictEqual(['choose:utf16-order']);
    expect(chooseFeatures(['ok', 'err', 'next'])).toStrictEqual([]);
    expect(knownFeatures(kImageFeatures)).toEqual(
      expect.arrayContaining(['choose:case-fold', 'choose:astral-siblings', 'choose:utf16-order']),
    );
  });
});
