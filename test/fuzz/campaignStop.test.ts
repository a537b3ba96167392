/**
 * How a campaign waits for a chunk or its signal (src/fuzz/_internals/campaignStop.ts): `until`
 * leaves nothing behind once the work settles. The campaign used `Promise.race` with the stop's
 * long-lived promises, which kept a reaction, and with it the chunk's result, per chunk: the live
 * heap of a 1-worker campaign grew about 0.4 MB/s for as long as it ran.
 */
import { describe, expect, test, vi } from 'vitest';
import { CampaignStop } from '../../src/fuzz/_internals/campaignStop.js';
import { kInterruptGraceMs } from '../../src/fuzz/campaignDefaults.js';

describe('CampaignStop.until', () => {
  test('gives the work its value and keeps no waiter, 10,000 times over', async () => {
    const stop = new CampaignStop(new AbortController().signal, () => undefined);
    for (let i = 0; i < 10_000; i++)
      expect(await stop.until(Promise.resolve(i), i % 2 === 0 ? 'grace' : 'signal')).toBe(i);
    expect(stop.waitingCount()).toBe(0);
    await expect(stop.until(Promise.reject(new Error('boom')), 'grace')).rejects.toThrow('boom');
    expect(stop.waitingCount()).toBe(0);
  });

  test('null at the signal, then at the end of the grace; at once after them', async () => {
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      let stopped = 0;
      const stop = new CampaignStop(controller.signal, () => (stopped += 1));
      const never = new Promise<number>(() => undefined);
      const atSignal = stop.until(never, 'signal');
      const atGrace = stop.until(never, 'grace');
      expect(stop.waitingCount()).toBe(2);
      controller.abort();
      expect(await atSignal).toBeNull();
      expect([stopped, stop.aborted, stop.interrupt[0]]).toEqual([1, true, 1]);
      expect(stop.waitingCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(kInterruptGraceMs);
      expect(await atGrace).toBeNull();
      expect(stop.waitingCount()).toBe(0);
      expect(await stop.until(Promise.resolve(7), 'grace')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
