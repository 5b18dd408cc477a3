import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { pipeline } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { isPublicAddress } from '../../shared/ip-ranges.js';
import { FeedError } from './feed-types.js';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Where a feed may be fetched from and how much of it is read. */
export interface FeedFetchPolicy {
  /** A feed larger than this is refused (`FEED_MAX_MB`), by its Content-Length up front and while it streams. */
  maxBytes: number;
  /**
   * False for a URL typed in chat: loopback, private, link-local and other non-public addresses are
   * refused, on every hop. True for the operator's own `FEED_URL` and the CLI (and with `FEED_ALLOW_PRIVATE_HOSTS`).
   */
  allowPrivateHosts: boolean;
  /** Local files may be opened (the operator's own locations); a chat URL never is. */
  allowFiles: boolean;
  /** Redirects followed, each target checked again (5 by default). */
  maxRedirects?: number;
  /** The whole download must be done within this (120 s by default). */
  timeoutMs?: number;
  /** Resolves a host name to all its addresses (DNS by default; tests give a fake). */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** The HTTP agent connections go through (a fresh connection each by default; tests route a fake internet). */
  agent?: Agent;
}

/** What a chat `/import` may fetch by default: public http(s) hosts only, 500 MB at most. */
export const chatFeedPolicy: FeedFetchPolicy = { maxBytes: 500 * 1024 * 1024, allowPrivateHosts: false, allowFiles: false };

const redirects = new Set([301, 302, 303, 307, 308]);
const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
const tooLarge = (maxBytes: number) => new FeedError({ kind: 'too-large', mb: mb(maxBytes) });

const dns = async (hostname: string): Promise<ResolvedAddress[]> =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** Every address of the URL's host, refused unless each one is public (or private hosts are allowed). */
async function checkedAddresses(url: URL, policy: FeedFetchPolicy): Promise<ResolvedAddress[]> {
  // WHATWG URL has already turned `2130706433`, `0x7f.1` and `[::ffff:127.0.0.1]` into canonical IPs.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  try {
    addresses = literal ? [{ address: host, family: literal as 4 | 6 }] : await (policy.resolve ?? dns)(host);
  } catch (error) {
    throw new FeedError({ kind: 'download', message: `${host}: ${error instanceof Error ? error.message : String(error)}` });
  }
  if (addresses.length === 0) throw new FeedError({ kind: 'download', message: `${host}: no address` });
  // One private address among public ones is enough to refuse: the connection could go to any of them.
  if (!policy.allowPrivateHosts && !addresses.every((a) => isPublicAddress(a.address))) throw new FeedError({ kind: 'address', host });
  return addresses;
}

/** A lookup that answers only with the addresses already checked, so DNS cannot change its mind in between. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
    const pick = wanted.length ? wanted : addresses;
    if (options.all) (callback as (err: null, all: ResolvedAddress[]) => void)(null, pick);
    else callback(null, pick[0]!.address, pick[0]!.family);
  };
}

function get(url: URL, addresses: ResolvedAddress[], policy: FeedFetchPolicy, signal: AbortSignal): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: { 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'Sarafan feed import' },
      lookup: pinnedLookup(addresses),
      agent: policy.agent ?? false,
      signal,
    });
    req.once('response', resolve).once('error', reject).end();
  });
}

/** The body as the feed's bytes: a compressed body is inflated, and the cap counts what comes out of it. */
function decoded(response: IncomingMessage): AsyncIterable<Buffer> {
  const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  if (!decoder) {
    if (encoding !== 'identity') throw new FeedError({ kind: 'download', message: `unknown content-encoding ${encoding}` });
    return response;
  }
  // pipeline, not pipe: when reading stops at the cap, the download is closed too.
  pipeline(response, decoder, () => undefined);
  return decoder;
}

/**
 * Yields a stream's bytes, refusing past `maxBytes`: reading stops there and the stream is
 * destroyed (leaving a `for await` does that), so a huge or endless feed costs no more than the cap.
 */
export async function* capped(source: AsyncIterable<Buffer>, maxBytes: number): AsyncIterable<Buffer> {
  let total = 0;
  try {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge(maxBytes);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof FeedError) throw error;
    throw new FeedError({ kind: 'download', message: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Fetches a feed over http(s) under a policy: only http and https, redirects followed by hand
 * (at most `maxRedirects`, each target's scheme and addresses checked again), every address of a
 * host checked and the connection made to exactly those, and the size capped. Throws
 * {@link FeedError} with a reason a person can read; nothing is read past a refusal.
 */
export async function fetchFeed(location: string, policy: FeedFetchPolicy): Promise<AsyncIterable<Buffer>> {
  const maxRedirects = policy.maxRedirects ?? 5;
  const signal = AbortSignal.timeout(policy.timeoutMs ?? 120_000);
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new FeedError({ kind: 'scheme' });
  }
  for (let followed = 0; ; followed++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FeedError({ kind: 'scheme' });
    const addresses = await checkedAddresses(url, policy);
    let response: IncomingMessage;
    try {
      response = await get(url, addresses, policy, signal);
    } catch (error) {
      throw new FeedError({ kind: 'download', message: error instanceof Error ? error.message : String(error) });
    }
    const status = response.statusCode ?? 0;
    if (redirects.has(status)) {
      response.destroy();
      if (followed >= maxRedirects) throw new FeedError({ kind: 'redirects', max: maxRedirects });
      const next = response.headers.location;
      if (!next) throw new FeedError({ kind: 'download', message: `HTTP ${status} without a Location` });
      try {
        url = new URL(next, url);
      } catch {
        throw new FeedError({ kind: 'scheme' });
      }
      continue;
    }
    if (status < 200 || status > 299) {
      response.destroy();
      throw new FeedError({ kind: 'download', message: `HTTP ${status}` });
    }
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > policy.maxBytes) {
      response.destroy();
      throw tooLarge(policy.maxBytes);
    }
    return capped(decoded(response), policy.maxBytes);
  }
}
