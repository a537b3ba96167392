import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { spawnProcess } from '../../src/process/spawnProcess.js';

const runner = (name: string): string => fileURLToPath(new URL(`../fixtures/runners/${name}.mjs`, import.meta.url));
const base = { command: process.execPath, timeoutMs: 10_000, maxOutputBytes: 1 << 20, operation: 'run' } as const;

/** Running (a killed process that nobody has reaped yet — a zombie under a container's init — counts as dead). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return process.platform !== 'linux';
  }
}

describe('spawnProcess (bridge.md §5.2, §7)', () => {
  test('writes the input, closes stdin and returns stdout, stderr and exit code 0', async () => {
    const r = await spawnProcess({ ...base, args: [runner('echo'), '--x', 'a b'], input: '{"hello":1}' });
    expect(r).toEqual({ ok: true, value: { stdout: '{"hello":1}', stderr: '["--x","a b"]\n', exitCode: 0 } });
  });

  test('a hanging runner is killed and reaped: TimedOut with operation and timeoutMs', async () => {
    const r = await spawnProcess({
      ...base,
      args: [runner('hang')],
      input: '{}',
      timeoutMs: 300,
      operation: 'validateTrace',
    });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'TimedOut',
        path: '$',
        operation: 'validateTrace',
        timeoutMs: 300,
        message: "protocol-machine runner operation 'validateTrace' timed out after 300ms",
      },
    });
  });

  test('a crashing runner is ProcessFailed with its exit code and stderr', async () => {
    const r = await spawnProcess({ ...base, args: [runner('crash')], input: '{}' });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'ProcessFailed',
        path: '$',
        exitCode: 1,
        stderr: 'uncaught exception: boom from fake runner\n',
        message: 'protocol-machine runner failed with exit code 1: uncaught exception: boom from fake runner',
      },
    });
  });

  test('a non-zero exit is ProcessFailed even when stdout looks fine', async () => {
    const r = await spawnProcess({ ...base, args: [runner('exit3')] });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'ProcessFailed', exitCode: 3, stderr: 'fake runner says no\n' },
    });
  });

  test('a flooding runner is killed at the output limit: OutputTooLarge', async () => {
    const r = await spawnProcess({ ...base, args: [runner('toomuch')], maxOutputBytes: 100_000 });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'OutputTooLarge',
        path: '$',
        limitBytes: 100_000,
        message: 'protocol-machine runner output exceeds 100000 bytes',
      },
    });
  });

  test('a command that does not resolve to a regular file is BinaryNotFound (path or PATH name)', async () => {
    for (const command of ['./definitely/not/here', 'telltale-no-such-binary-xyz', '']) {
      const r = await spawnProcess({ ...base, command, args: [] });
      expect(r).toEqual({
        ok: false,
        error: {
          code: 'BinaryNotFound',
          path: '$',
          binary: command,
          message: `protocol-machine runner binary not found at ${command}`,
        },
      });
    }
  });

  test('a runner that dies by a signal reports exit code -1', async () => {
    const r = await spawnProcess({ ...base, args: ['-e', "process.kill(process.pid, 'SIGTERM')"] });
    expect(r).toMatchObject({ ok: false, error: { code: 'ProcessFailed', exitCode: -1 } });
  });

  test('kills and reaps the child and its grandchildren when it times out', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tt-spawn-'));
    const pids = path.join(dir, 'pids');
    // The child starts a grandchild that hangs while holding our pipes, records both pids, then hangs.
    const script = `const {spawn}=require('node:child_process');const fs=require('node:fs');const g=spawn(process.execPath,['-e','setInterval(()=>{},1000)'],{stdio:'inherit'});fs.writeFileSync(process.argv[1],process.pid+' '+g.pid);setInterval(()=>{},1000);`;
    const r = await spawnProcess({ ...base, args: ['-e', script, pids], timeoutMs: 1500 });
    expect(r).toMatchObject({ ok: false, error: { code: 'TimedOut' } });
    const [child, grandchild] = readFileSync(pids, 'utf8').split(' ').map(Number);
    expect(alive(child as number)).toBe(false);
    // SIGKILL to the group is asynchronous for the grandchild (reparented to init); give it a moment.
    for (let i = 0; i < 50 && alive(grandchild as number); i += 1) await new Promise((res) => setTimeout(res, 20));
    expect(alive(grandchild as number)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
