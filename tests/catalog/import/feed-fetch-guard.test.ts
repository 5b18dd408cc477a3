import { readFileSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:http';
import { connect, type LookupFunction } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatFeedPolicy, type FeedFetchPolicy, type ResolvedAddress } from '../../../src/catalog/import/feed-fetch-guard.js';
import { importFeed } from '../../../src/catalog/import/feed-import.js';
import { operatorFeedPolicy } from '../../../src/catalog/import/feed-source.js';
import { FeedError, type FeedProblem } from '../../../src/catalog/import/feed-types.js';
import { products } from '../../../src/db/schema.js';
import { createTestApp } from '../../helpers/engine-harness.js';

const feedXml = readFileSync(new URL('../../fixtures/feeds/sizes-as-offers.xml', import.meta.url));
const publicIp = '93.184.215.14';

// The feed host lives on 127.0.0.1; the "internet" below makes it look public to the guard.
let server: Server;
let port: number;
let streamedBytes = 0;
let endlessClosed: Promise<void>;
let markEndlessClosed: () => void;

beforeAll(async () => {
  endlessClosed = new Promise((resolve) => (markEndlessClosed = resolve));
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    const loop = /^\/loop\/(\d+)$/.exec(path);
    const chain = /^\/chain\/(\d+)$/.exec(path);
    if (path === '/feed.xml') return void res.writeHead(200, { 'content-type': 'application/xml' }).end(feedXml);
    if (path === '/to-loopback') return void res.writeHead(302, { location: `http://127.0.0.1:${port}/feed.xml` }).end();
    if (path === '/to-decimal-loopback') return void res.writeHead(301, { location: `http://2130706433:${port}/feed.xml` }).end();
    if (path === '/to-mapped-loopback') return void res.writeHead(307, { location: `http://[::ffff:127.0.0.1]:${port}/feed.xml` }).end();
    if (path === '/to-rebind') return void res.writeHead(302, { location: `http://evil.test/feed.xml` }).end();
    if (path === '/to-file') return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    if (path === '/to-relative') return void res.writeHead(302, { location: '/feed.xml' }).end();
    if (loop) return void res.writeHead(302, { location: `/loop/${Number(loop[1]) + 1}` }).end();
    if (chain) return void res.writeHead(302, { location: Number(chain[1]) > 1 ? `/chain/${Number(chain[1]) - 1}` : '/feed.xml' }).end();
    if (path === '/feed-gzip') return void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(feedXml));
    if (path === '/declared-huge') return void res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).end();
    if (path === '/gzip-bomb') return void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(20 * 1024 * 1024, ' ')));
    if (path === '/endless') {
      // No Content-Length, never ends: only a cap while streaming stops it.
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.write('<?xml version="1.0" encoding="UTF-8"?><yml_catalog><shop><offers>');
      const piece = Buffer.alloc(64 * 1024, ' ');
      const pump = () => {
        while (!res.destroyed && res.write(piece)) streamedBytes += piece.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      res.once('close', () => markEndlessClosed());
      pump();
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/**
 * A fake internet: DNS answers from `names`, and a connection to the public address goes to the
 * local feed host. The agent asks the request's own lookup where to connect, so it dials exactly
 * what the guard pinned; `dialed` shows it.
 */
function fakeInternet(names: Record<string, string[] | (() => string[])>) {
  const dialed: string[] = [];
  const asked: string[] = [];
  const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
    asked.push(hostname);
    const entry = names[hostname];
    if (!entry) throw new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    return (typeof entry === 'function' ? entry() : entry).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const agent = new Agent({ keepAlive: false });
  Object.assign(agent, {
    createConnection(options: { host: string; port: number; lookup: LookupFunction }) {
      let address = options.host;
      options.lookup(options.host, {}, (_err, found) => (address = found as string));
      dialed.push(address);
      // Only the public address is routed to the feed host; anything else would be a real address.
      return connect({ host: '127.0.0.1', port: address === publicIp ? port : 9 });
    },
  });
  return { dialed, asked, policy: (extra: Partial<FeedFetchPolicy> = {}): FeedFetchPolicy => ({ ...chatFeedPolicy, resolve, agent, ...extra }) };
}

async function refusal(promise: Promise<unknown>): Promise<FeedProblem> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedError);
  return (error as FeedError).problem;
}

describe('chat /import fetch guard', () => {
  it('loads a feed from a public host, connecting to the address it checked', async () => {
    const net = fakeInternet({ 'feed.test': [publicIp] });
    const app = createTestApp({ seed: false });
    const report = await importFeed(app.db, 'http://feed.test/feed.xml', net.policy());
    expect(report.added).toBeGreaterThan(0);
    expect(net.dialed).toEqual([publicIp]);
  });

  it('refuses loopback, private and link-local addresses in every notation, before connecting', async () => {
    const net = fakeInternet({});
    const app = createTestApp();
    const before = app.db.select().from(products).all().length;
    for (const url of [
      `http://127.0.0.1:${port}/feed.xml`,
      `http://2130706433:${port}/feed.xml`,
      `http://0x7f.1:${port}/feed.xml`,
      `http://0177.0.0.1:${port}/feed.xml`,
      `http://[::1]:${port}/feed.xml`,
      `http://[::ffff:127.0.0.1]:${port}/feed.xml`,
      `http://[::ffff:a9fe:a9fe]/latest/meta-data/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.5/feed.xml',
      'http://100.64.1.1/feed.xml',
      'http://172.16.0.1/feed.xml',
      'http://192.168.1.1/feed.xml',
      'http://0.0.0.0/feed.xml',
      'http://[fd00::1]/feed.xml',
      'http://[fe80::1]/feed.xml',
      'http://224.0.0.1/feed.xml',
    ]) {
      expect(await refusal(importFeed(app.db, url, net.policy())), url).toMatchObject({ kind: 'address' });
    }
    expect(net.dialed).toEqual([]);
    expect(app.db.select().from(products).all()).toHaveLength(before);
  });

  it('refuses a host name when any of its addresses is private', async () => {
    const net = fakeInternet({ 'localhost.test': ['127.0.0.1'], 'mixed.test': [publicIp, '10.1.2.3'], 'v6.test': ['::ffff:192.168.0.1'] });
    const app = createTestApp({ seed: false });
    for (const host of ['localhost.test', 'mixed.test', 'v6.test']) {
      expect(await refusal(importFeed(app.db, `http://${host}/feed.xml`, net.policy()))).toEqual({ kind: 'address', host });
    }
    expect(net.dialed).toEqual([]);
  });

  it('checks every redirect target again: to loopback by IP in any notation, or by a name that resolves there', async () => {
    const net = fakeInternet({ 'feed.test': [publicIp], 'evil.test': ['127.0.0.1'] });
    const app = createTestApp({ seed: false });
    for (const path of ['/to-loopback', '/to-decimal-loopback', '/to-mapped-loopback', '/to-rebind']) {
      expect(await refusal(importFeed(app.db, `http://feed.test${path}`, net.policy())), path).toMatchObject({ kind: 'address' });
    }
    // Only the first, public hop was ever connected to.
    expect(net.dialed.every((address) => address === publicIp)).toBe(true);
    expect(app.db.select().from(products).all()).toHaveLength(0);
  });

  it('refuses a redirect to another scheme', async () => {
    const net = fakeInternet({ 'feed.test': [publicIp] });
    const app = createTestApp({ seed: false });
    expect(await refusal(importFeed(app.db, 'http://feed.test/to-file', net.policy()))).toEqual({ kind: 'scheme' });
    expect(await refusal(importFeed(app.db, 'ftp://feed.test/feed.xml', net.policy()))).toEqual({ kind: 'scheme' });
    expect(await refusal(importFeed(app.db, '/etc/passwd', net.policy()))).toEqual({ kind: 'scheme' });
  });

  it('follows up to 5 redirects and refuses a sixth', async () => {
    const net = fakeInternet({ 'feed.test': [publicIp] });
    const app = createTestApp({ seed: false });
    expect((await importFeed(app.db, 'http://feed.test/chain/5', net.policy())).added).toBeGreaterThan(0);
    expect(await refusal(importFeed(app.db, 'http://feed.test/chain/6', net.policy()))).toEqual({ kind: 'redirects', max: 5 });
    expect(await refusal(importFeed(app.db, 'http://feed.test/loop/0', net.policy()))).toEqual({ kind: 'redirects', max: 5 });
    expect((await importFeed(app.db, 'http://feed.test/to-relative', net.policy())).unchanged).toBeGreaterThan(0);
  });

  it('pins the address it checked: DNS answering differently on the second question is never asked it', async () => {
    let answers = 0;
    const net = fakeInternet({ 'flip.test': () => (answers++ === 0 ? [publicIp] : ['127.0.0.1']) });
    const app = createTestApp({ seed: false });
    expect((await importFeed(app.db, 'http://flip.test/feed.xml', net.policy())).added).toBeGreaterThan(0);
    expect(net.asked).toEqual(['flip.test']);
    expect(net.dialed).toEqual([publicIp]);
  });

  it('refuses a feed over the cap by its Content-Length, before reading it', async () => {
    const net = fakeInternet({ 'feed.test': [publicIp] });
    const app = createTestApp({ seed: false });
    expect(await refusal(importFeed(app.db, 'http://feed.test/declared-huge', net.policy({ maxBytes: 1024 * 1024 })))).toEqual({ kind: 'too-large', mb: 1 });
  });

  it('stops an endless feed at the cap while streaming, and a gzip bomb by what it inflates to', async () => {
    const net = fakeInternet({ 'feed.test': [publicIp] });
    const app = createTestApp();
    const before = app.db.select().from(products).all().length;
    expect(await refusal(importFeed(app.db, 'http://feed.test/endless', net.policy({ maxBytes: 2 * 1024 * 1024 })))).toEqual({ kind: 'too-large', mb: 2 });
    await endlessClosed;
    // The server could only push the cap plus what sat in socket buffers.
    expect(streamedBytes).toBeLessThan(2 * 1024 * 1024 + 8 * 1024 * 1024);
    expect(await refusal(importFeed(app.db, 'http://feed.test/gzip-bomb', net.policy({ maxBytes: 2 * 1024 * 1024 })))).toEqual({ kind: 'too-large', mb: 2 });
    expect(app.db.select().from(products).all()).toHaveLength(before);
  });

  it('reads a gzip-compressed feed', async () => {
    const net = fakeInternet({ 'feed.test': [publicIp] });
    const app = createTestApp({ seed: false });
    expect((await importFeed(app.db, 'http://feed.test/feed-gzip', net.policy())).added).toBeGreaterThan(0);
  });

  it('allows private hosts when told to (FEED_ALLOW_PRIVATE_HOSTS), still capped', async () => {
    const app = createTestApp({ seed: false });
    const policy = { ...chatFeedPolicy, allowPrivateHosts: true };
    expect((await importFeed(app.db, `http://127.0.0.1:${port}/to-loopback`, policy)).added).toBeGreaterThan(0);
    expect(await refusal(importFeed(app.db, `http://127.0.0.1:${port}/declared-huge`, { ...policy, maxBytes: 1024 * 1024 }))).toEqual({ kind: 'too-large', mb: 1 });
  });
});

describe('the operator’s own feed (FEED_URL, the CLI)', () => {
  it('may be on a private host or a file, and is still capped', async () => {
    const app = createTestApp({ seed: false });
    expect((await importFeed(app.db, `http://127.0.0.1:${port}/feed.xml`, operatorFeedPolicy(1024 * 1024))).added).toBeGreaterThan(0);
    const file = new URL('../../fixtures/feeds/sizes-as-offers.xml', import.meta.url).pathname;
    expect((await importFeed(app.db, file, operatorFeedPolicy(1024 * 1024))).unchanged).toBeGreaterThan(0);
    expect(await refusal(importFeed(app.db, file, operatorFeedPolicy(100)))).toMatchObject({ kind: 'too-large' });
  });
});
