import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { FeedError } from './feed-types.js';

/** Opens a feed from a file path or an http(s) URL as a stream of bytes. */
export async function openFeed(location: string, timeoutMs = 120_000): Promise<AsyncIterable<Buffer>> {
  if (/^https?:\/\//i.test(location)) {
    let response: Response;
    try {
      response = await fetch(location, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new FeedError({ kind: 'download', message: error instanceof Error ? error.message : String(error) });
    }
    if (!response.ok || !response.body) throw new FeedError({ kind: 'download', message: `HTTP ${response.status}` });
    return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>) as AsyncIterable<Buffer>;
  }
  const stream = createReadStream(location);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) => reject(new FeedError({ kind: 'download', message: error.message })));
  });
  return stream as AsyncIterable<Buffer>;
}
