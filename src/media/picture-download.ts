import { type FeedFetchPolicy, fetchFeed } from '../catalog/import/feed-fetch-guard.js';

/** The largest product picture downloaded for an upload to a messenger (VK and MAX take up to 10 MB a photo). */
export const maxPictureBytes = 10 * 1024 * 1024;

/** Downloads one product picture for its upload to a messenger. */
export type PictureDownloader = (url: string) => Promise<Buffer>;

/** Where pictures may come from: the feed's trust (`FEED_ALLOW_PRIVATE_HOSTS`) and, for tests, a fake resolver or agent. */
export type PictureFetchPolicy = Pick<FeedFetchPolicy, 'allowPrivateHosts' | 'resolve' | 'agent'>;

/**
 * Makes the downloader the VK and MAX adapters upload product pictures with. Picture URLs come from
 * feeds, some typed in chat, so the server fetches them under the same guard as a chat `/import`:
 * http(s) only, every address public unless the operator allowed private hosts, each redirect
 * checked again, at most 10 MB, 15 seconds. Otherwise a feed could make the bot fetch an internal
 * address and post what it answers to a chat as a picture.
 */
export function createPictureDownloader(policy: PictureFetchPolicy = { allowPrivateHosts: false }): PictureDownloader {
  return async (url) => {
    const chunks: Buffer[] = [];
    for await (const chunk of await fetchFeed(url, { ...policy, maxBytes: maxPictureBytes, allowFiles: false, timeoutMs: 15_000 })) chunks.push(chunk);
    return Buffer.concat(chunks);
  };
}
