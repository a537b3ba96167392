/**
 * Keeps the event loop alive while a campaign or replay waits on external lanes: a lane may unref
 * its child process and timers (so an idle serve process never holds the CLI open), and then a
 * pending request alone would let Node exit silently with code 0 in the middle of a campaign.
 * Returns the release function.
 */
export function keepAlive(): () => void {
  const timer = setInterval(() => {}, 1 << 30);
  return () => clearInterval(timer);
}
