import { request } from 'node:http';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpLimits, type HttpServer, type Route } from '../../src/http/http-server.js';
import { chunk, openRaw, postHead, trickleChunked, type RawConnection } from '../helpers/raw-http.js';

let http: HttpServer | undefined;
const open: RawConnection[] = [];
afterEach(async () => {
  for (const conn of open.splice(0)) conn.socket.destroy();
  await http?.close();
  http = undefined;
});

/** A server with one route at `/hook` that records what its handler was given. */
async function serve(route: Partial<Route> = {}, limits?: Partial<HttpLimits>) {
  const seen: Buffer[] = [];
  http = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    logger: pino({ level: 'silent' }),
    limits,
    routes: [
      {
        path: '/hook',
        maxBodyBytes: 1000,
        handler: ({ body }, res) => {
          seen.push(body);
          res.writeHead(200).end('ok');
        },
        ...route,
      },
    ],
  });
  return { url: http.url, seen };
}

async function raw(url: string): Promise<RawConnection> {
  const conn = await openRaw(url);
  open.push(conn);
  return conn;
}

const within = <T>(ms: number, promise: Promise<T>) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms))]);

describe('body limits', () => {
  it('hands the handler a body up to the limit', async () => {
    const { url, seen } = await serve();
    const res = await fetch(`${url}/hook`, { method: 'POST', body: 'x'.repeat(1000) });
    expect(res.status).toBe(200);
    expect(seen[0]!.length).toBe(1000);
  });

  it('answers 413 to a declared length over the limit at once, without waiting for the body, and closes', async () => {
    const { url, seen } = await serve();
    const conn = await raw(url);
    // Claims 2 MB and sends none of it: a server that reads before refusing would wait forever.
    conn.write(postHead('/hook', { 'content-length': 2_000_000 }));
    expect(await within(2000, conn.status)).toBe(413);
    expect(conn.received()).toMatch(/connection: close/i);
    await within(2000, conn.closed);
    expect(seen).toHaveLength(0);
  });

  it('answers 413 to a chunked body as soon as it passes the limit, without waiting for its end', async () => {
    const { url, seen } = await serve({ maxBodyBytes: 100_000 });
    const conn = await raw(url);
    conn.write(postHead('/hook', { 'transfer-encoding': 'chunked' }));
    // 128 KB and no final chunk: the server must not wait for the rest.
    conn.write(chunk(Buffer.alloc(64 * 1024, 'a')));
    conn.write(chunk(Buffer.alloc(64 * 1024, 'a')));
    expect(await within(2000, conn.status)).toBe(413);
    await within(2000, conn.closed);
    expect(seen).toHaveLength(0);
  });

  it('closes on a client streaming 2 MB of chunks past the limit, handing the handler nothing', async () => {
    const { url, seen } = await serve({ maxBodyBytes: 100_000 });
    const conn = await raw(url);
    conn.write(postHead('/hook', { 'transfer-encoding': 'chunked' }));
    await trickleChunked(conn, 2_000_000);
    // The 413 may be lost to the reset of a socket closed with the client's bytes still unread.
    await within(2000, conn.closed);
    expect(conn.received()).not.toMatch(/^HTTP\/1\.1 200/);
    expect(seen).toHaveLength(0);
  });

  it('refuses an oversized body that asks "100-continue" before the client sends it', async () => {
    const { url, seen } = await serve();
    const conn = await raw(url);
    conn.write(postHead('/hook', { 'content-length': 5000, expect: '100-continue' }));
    expect(await within(2000, conn.status)).toBe(413);
    expect(conn.received()).not.toMatch(/100 Continue/);
    expect(seen).toHaveLength(0);
  });

  it('checks header credentials before reading any of the body: 401', async () => {
    const { url, seen } = await serve({ authorize: (headers) => headers['x-key'] === 'right' });
    const conn = await raw(url);
    conn.write(postHead('/hook', { 'content-length': 500, 'x-key': 'wrong' }));
    expect(await within(2000, conn.status)).toBe(401);
    await within(2000, conn.closed);
    expect(seen).toHaveLength(0);
    const res = await fetch(`${url}/hook`, { method: 'POST', body: 'hi', headers: { 'x-key': 'right' } });
    expect(res.status).toBe(200);
  });

  it('answers 400 when the handler cannot parse the body, and keeps serving', async () => {
    const { url } = await serve({ handler: ({ body }) => void JSON.parse(body.toString()) });
    expect((await fetch(`${url}/hook`, { method: 'POST', body: '{"a":' })).status).toBe(400);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});

describe('slow and idle clients', () => {
  const quick: Partial<HttpLimits> = { headersTimeoutMs: 300, requestTimeoutMs: 600, keepAliveTimeoutMs: 200, checkIntervalMs: 50 };

  it('closes a connection that trickles its headers (slowloris) after the headers timeout', async () => {
    const { url } = await serve({}, quick);
    const conn = await raw(url);
    conn.write('POST /hook HTTP/1.1\r\nhost: localhost\r\n');
    const timer = setInterval(() => conn.write('x-pad: 1\r\n'), 50);
    try {
      await within(3000, conn.closed);
    } finally {
      clearInterval(timer);
    }
  });

  it('closes a connection that trickles its body after the request timeout', async () => {
    const { url, seen } = await serve({}, quick);
    const conn = await raw(url);
    conn.write(postHead('/hook', { 'content-length': 1000 }));
    const timer = setInterval(() => conn.write('a'), 50);
    try {
      await within(3000, conn.closed);
    } finally {
      clearInterval(timer);
    }
    expect(seen).toHaveLength(0);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const { url } = await serve({}, quick);
    const conn = await raw(url);
    conn.write('GET /healthz HTTP/1.1\r\nhost: localhost\r\n\r\n');
    expect(await conn.status).toBe(200);
    await within(2000, conn.closed);
  });

  it('closes connections beyond the cap', async () => {
    const { url } = await serve({}, { maxConnections: 5 });
    for (let i = 0; i < 5; i++) (await raw(url)).write('POST /hook HTTP/1.1\r\n');
    const extra = await raw(url);
    await within(2000, extra.closed);
  });

  it('still answers /healthz at once while 300 slow connections are open (default limits)', async () => {
    const { url } = await serve();
    const slow = await Promise.all(Array.from({ length: 300 }, () => raw(url)));
    for (const [i, conn] of slow.entries()) conn.write(i % 2 ? 'POST /hook HTTP/1.1\r\nhost: loc' : `${postHead('/hook', { 'content-length': 1000 })}a`);
    const timer = setInterval(() => {
      for (const conn of slow) conn.write('a');
    }, 100);
    try {
      const started = Date.now();
      const status = await within(
        2000,
        new Promise<number>((resolve, reject) => {
          request(`${url}/healthz`, { agent: false }, (res) => resolve(res.statusCode ?? 0)).on('error', reject).end();
        }),
      );
      expect(status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(slow.every((conn) => !conn.socket.destroyed)).toBe(true);
    } finally {
      clearInterval(timer);
    }
  });
});
