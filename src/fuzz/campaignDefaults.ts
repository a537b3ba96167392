/**
 * Defaults of `CampaignOptions`, in one place (the CLI's help shows the same values). Kept apart
 * from `runCampaign` so the CLI can print usage without loading the engines.
 * @example `kCampaignDefaults.timeMs // 60000`
 * @public
 */
export const kCampaignDefaults = Object.freeze({
  timeMs: 60_000,
  corpusDir: 'corpora',
  chunkSize: 20,
  chunkTimeoutMs: 120_000,
});
