// Preloaded with `node --import` into a measured command: on exit it writes the process's peak
// resident set (KiB) and its age (ms since start, Node start-up included) to stderr.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nTT_PEAK ${process.resourceUsage().maxRSS} ${Math.round(performance.now())}\n`);
});
