#!/usr/bin/env node
// The static checks of `npm test`, run side by side: type-check (tsc), lint (ESLint) and format
// (Prettier). Each one's output is printed whole when it ends; the exit code is non-zero when any
// check fails. Side by side they take about as long as ESLint alone.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// The installed scripts (node_modules/.bin links to them), run with this Node.
const bin = (path) => join(root, 'node_modules', path);
const checks = [
  ['type-check', bin('typescript/bin/tsc'), ['--noEmit']],
  ['lint', bin('eslint/bin/eslint.js'), ['--cache', '--cache-location', 'node_modules/.cache/eslint/', '.']],
  ['format', bin('prettier/bin/prettier.cjs'), ['--check', '--cache', '.']],
];

const results = await Promise.all(
  checks.map(
    ([name, script, args]) =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('close', (code, signal) => {
          process.stdout.write(`── ${name}: ${code === 0 ? 'ok' : `FAILED (${signal ?? `exit ${code}`})`}\n${out}`);
          resolve(code === 0);
        });
      }),
  ),
);
process.exit(results.every(Boolean) ? 0 : 1);
