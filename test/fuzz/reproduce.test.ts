import { describe, expect, test } from 'vitest';
import { commandLine, laneFlags, reproduceCommands, rerunCommand, shellQuote } from '../../src/fuzz/reproduce.js';

const request = { schema_version: 'lean_bridge.v1', choreographies: [], concurrency: 1, max_steps: 8 };

describe('printed commands work when pasted (issue #13 §1)', () => {
  test('shellQuote leaves safe words alone and single-quotes the rest, quotes inside included', () => {
    expect(shellQuote('corpora/p/ab12.msgpack')).toBe('corpora/p/ab12.msgpack');
    expect(shellQuote('buggy=node runner.mjs')).toBe("'buggy=node runner.mjs'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('$HOME')).toBe("'$HOME'");
    expect(commandLine(['telltale-parity', 'replay', 'my corpus/x.msgpack'])).toBe(
      "telltale-parity replay 'my corpus/x.msgpack'",
    );
  });

  test('laneFlags: --lean for the Lean runner, --lane NAME=CMD for the others, in name order', () => {
    expect(laneFlags({ zed: 'z', lean: '/opt/lean/runner', buggy: 'serve:node r.mjs --serve' })).toStrictEqual([
      '--lane',
      'buggy=serve:node r.mjs --serve',
      '--lean',
      '/opt/lean/runner',
      '--lane',
      'zed=z',
    ]);
    expect(laneFlags(undefined)).toStrictEqual([]);
  });

  test('an external-lane entry: replay passes its lane; run runs the request on both compared lanes', () => {
    const commands = reproduceCommands(
      {
        property: 'lane-buggy-vs-cooperative',
        input: request,
        lanes: { buggy: 'node examples/buggy-runner/runner.mjs' },
      },
      'corpora/lane-buggy-vs-cooperative/ab.msgpack',
    );
    expect(commands).toStrictEqual({
      replay:
        "telltale-parity replay corpora/lane-buggy-vs-cooperative/ab.msgpack --lane 'buggy=node examples/buggy-runner/runner.mjs'",
      show: 'telltale-parity corpus show corpora/lane-buggy-vs-cooperative/ab.msgpack',
      run: [
        'telltale-parity run corpora/lane-buggy-vs-cooperative/ab.msgpack --lane cooperative',
        "telltale-parity run corpora/lane-buggy-vs-cooperative/ab.msgpack --lane 'buggy=node examples/buggy-runner/runner.mjs'",
      ],
    });
  });

  test('built-in comparisons of requests get run commands; other inputs none', () => {
    expect(reproduceCommands({ property: 'cooperative-vs-reference', input: request }, 'f.msgpack').run).toStrictEqual([
      'telltale-parity run f.msgpack --lane cooperative',
      'telltale-parity run f.msgpack --lane reference',
    ]);
    expect(
      reproduceCommands(
        { property: 'lean-vs-cooperative', input: request, lanes: { lean: '/opt/runner' } },
        'f.msgpack',
      ).run,
    ).toStrictEqual([
      'telltale-parity run f.msgpack --lane cooperative',
      'telltale-parity run f.msgpack --lane lean=/opt/runner',
    ]);
    expect(reproduceCommands({ property: 'json-roundtrip', input: { kind: 'end' } }, 'f.msgpack')).toStrictEqual({
      replay: 'telltale-parity replay f.msgpack',
      show: 'telltale-parity corpus show f.msgpack',
      run: [],
    });
  });

  test('without a corpus file: the campaign re-run reaches the failing chunk, same shard and lanes, in-process', () => {
    expect(
      rerunCommand(
        { property: 'lane-x-vs-cooperative', chunk: 3, lanes: { x: 'node x.mjs' } },
        { seed: 'nightly 7', chunkSize: 20, shard: '2/4' },
      ),
    ).toBe(
      "telltale-parity fuzz --seed 'nightly 7' --properties lane-x-vs-cooperative --runs 80 --shard 2/4 --workers 1 --lane 'x=node x.mjs'",
    );
  });
});
