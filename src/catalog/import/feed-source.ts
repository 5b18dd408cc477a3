import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { capped, fetchFeed, type FeedFetchPolicy } from './feed-fetch-guard.js';
import { FeedError } from './feed-types.js';

/** The operator's own feed locations (`FEED_URL`, `npm run catalog:import`): any host, files too, still capped. */
export const operatorFeedPolicy = (maxBytes: number): FeedFetchPolicy => ({ maxBytes, allowPrivateHosts: true, allowFiles: true });

/**
 * Opens a feed from an http(s) URL, or a file path when the policy allows files, as a stream of
 * bytes no longer than the policy's cap: {@link operatorFeedPolicy} for the operator's own
 * locations, `chatFeedPolicy` (or one from the configuration) for a URL typed in chat.
 */
export async function openFeed(location: string, policy: FeedFetchPolicy): Promise<AsyncIterable<Buffer>> {
  if (/^https?:\/\//i.test(location) || !policy.allowFiles) return fetchFeed(location, policy);
  let size: number;
  try {
    size = (await stat(location)).size;
  } catch (error) {
    throw new FeedError({ kind: 'download', message: error instanceof Error ? error.message : String(error) });
  }
  if (size > policy.maxBytes) throw new FeedError({ kind: 'too-large', mb: Math.round(policy.maxBytes / (1024 * 1024)) });
  const stream = createReadStream(location);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) => reject(new FeedError({ kind: 'download', message: error.message })));
  });
  // Capped while read too: a file may grow after it was measured.
  return capped(stream as AsyncIterable<Buffer>, policy.maxBytes);
}
