/**
 * Exit codes of a command stopped by a signal: 128 + the signal's number, as shells report it
 * (SIGINT 130, SIGTERM 143). Distinct from 0, 1 and 2 (docs/cli.md).
 * @example `kInterruptExitCodes.SIGTERM // 143`
 * @internal
 */
export const kInterruptExitCodes: Readonly<Record<string, number>> = Object.freeze({ SIGINT: 130, SIGTERM: 143 });

/**
 * Handles SIGINT and SIGTERM while a long command runs: the first signal calls `onFirst` (the command
 * stops its work and reports what it has); a second one ends the process at once with the signal's
 * exit code (runner processes are still killed by their watchdogs). Returns the function that
 * removes the handlers.
 * @example `const stop = onInterrupt((signal) => controller.abort(signal)); … stop();`
 * @internal
 */
export function onInterrupt(onFirst: (signal: 'SIGINT' | 'SIGTERM') => void): () => void {
  let received = false;
  const handler = (signal: 'SIGINT' | 'SIGTERM'): void => {
    if (received) {
      process.stderr.write(`\ntelltale-parity: ${signal} again: stopping now\n`);
      process.exit(kInterruptExitCodes[signal] ?? 130);
    }
    received = true;
    onFirst(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
