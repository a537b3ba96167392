#!/usr/bin/env node
/** `telltale-lean-ref` — placeholder dispatcher; the reference-runner owner replaces this file. */
process.stdout.write('Usage: telltale-lean-ref [--serve | heap-parity FIXTURE | validator patterns]\n');
process.exitCode = 1;
