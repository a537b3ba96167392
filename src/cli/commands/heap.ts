/** `telltale-parity heap` — placeholder until its issue lands; the owner replaces this file. */
export async function main(_argv: readonly string[]): Promise<number> {
  process.stderr.write('telltale-parity heap: not available in this build yet\n');
  return 2;
}
