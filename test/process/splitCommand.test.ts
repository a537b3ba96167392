import { describe, expect, test } from 'vitest';
import { parseLaneSpec } from '../../src/bridge/parseLaneSpec.js';
import { splitCommand } from '../../src/process/splitCommand.js';

describe('splitCommand', () => {
  test.each([
    ['telltale-lean-ref --serve', ['telltale-lean-ref', '--serve']],
    ['  node   runner.mjs  ', ['node', 'runner.mjs']],
    [`node "my runner.mjs" 'a b' x`, ['node', 'my runner.mjs', 'a b', 'x']],
    [`a"b c"d`, ['ab cd']],
    [`a\\ b`, ['a b']],
    [`say "q\\"uote"`, ['say', 'q"uote']],
    [`''`, ['']],
    ['$HOME;rm', ['$HOME;rm']],
    ['', []],
  ])('%j', (text, words) => {
    expect(splitCommand(text)).toEqual(words);
  });
});

describe('parseLaneSpec', () => {
  test('built-in names, NAME=CMD and NAME=serve:CMD', () => {
    expect(parseLaneSpec('reference')).toEqual({ ok: true, value: { kind: 'builtin', name: 'reference' } });
    expect(parseLaneSpec('lean=./bin/runner')).toEqual({
      ok: true,
      value: { kind: 'process', name: 'lean', command: './bin/runner', serve: false, leanTexts: false },
    });
    expect(parseLaneSpec('ref=serve:telltale-lean-ref --serve')).toEqual({
      ok: true,
      value: { kind: 'process', name: 'ref', command: 'telltale-lean-ref --serve', serve: true, leanTexts: false },
    });
  });

  test('usage errors say what to write', () => {
    expect(parseLaneSpec('bogus')).toMatchObject({
      ok: false,
      error: { code: 'UsageError', message: expect.stringContaining('NAME=CMD') },
    });
    expect(parseLaneSpec('=x')).toMatchObject({ ok: false, error: { code: 'UsageError' } });
    expect(parseLaneSpec('a=')).toMatchObject({ ok: false, error: { code: 'UsageError' } });
    expect(parseLaneSpec('a=serve:')).toMatchObject({ ok: false, error: { code: 'UsageError' } });
  });
});
