import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../shared/logger.js';

/** The largest body a messenger's webhook may send (Telegram, VK): updates are a few kilobytes. */
export const messengerBodyLimit = 1024 * 1024;

/** What a route's handler gets: the headers and the whole body, already read within the route's limit. */
export interface RouteRequest {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Handles one request whose body is in hand; throwing answers 400 (a malformed body). */
export type RouteHandler = (req: RouteRequest, res: ServerResponse) => void | Promise<void>;

/**
 * A route: exact path, POST unless stated. The server enforces its limits before the handler
 * runs, so no webhook can forget them: `authorize` sees only the headers (401 when it says no,
 * nothing of the body read), and a body over `maxBodyBytes` gets 413 without the rest being read.
 */
export interface Route {
  method?: 'GET' | 'POST';
  path: string;
  /** The largest body accepted, in bytes. */
  maxBodyBytes: number;
  /** Checks credentials that travel in headers (Telegram's secret token) before the body is read. */
  authorize?: (headers: IncomingHttpHeaders) => boolean;
  handler: RouteHandler;
}

/** The one HTTP server of the process: webhooks of every messenger and the health check. */
export interface HttpServer {
  server: Server;
  /** Adds or replaces a route while serving (a franchisee's bot connected without a restart). */
  addRoute(route: Route): void;
  /** Removes a route; its requests get 404 from then on. */
  removeRoute(path: string, method?: Route['method']): void;
  /** Base URL it listens on, e.g. `http://127.0.0.1:8080`. */
  url: string;
  close(): Promise<void>;
}

/**
 * How long a client may take and how many may be connected at once, so that slow or idle clients
 * cannot hold the server. Every field is in milliseconds except `maxConnections`.
 */
export interface HttpLimits {
  /** Until the request's headers are complete (slowloris); 408 and closed after it. */
  headersTimeoutMs: number;
  /** Until the whole request, body included, is received. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept open between requests. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic in either direction for this long is closed. */
  idleTimeoutMs: number;
  /** Connections beyond this are closed on arrival. */
  maxConnections: number;
  /** How often the header and request timeouts are checked (Node checks every 30 s by default). */
  checkIntervalMs: number;
}

/** The defaults, documented in the README's webhook section. */
export const defaultHttpLimits: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  maxConnections: 1_000,
  checkIntervalMs: 1_000,
};

/** Header bytes a request may carry (Node's own default, stated so that it cannot drift): 431 past it. */
const maxHeaderBytes = 16 * 1024;
/** Header lines parsed per request; webhooks send about ten, proxies add a few (Node parses 2000). */
const maxHeaderLines = 100;

const healthz: Route = {
  method: 'GET',
  path: '/healthz',
  maxBodyBytes: 0,
  handler: (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  },
};

/** Starts the HTTP server; `/healthz` is always there. */
export async function startHttpServer(opts: {
  port: number;
  host?: string;
  routes: Route[];
  logger: Logger;
  limits?: Partial<HttpLimits>;
}): Promise<HttpServer> {
  const { logger } = opts;
  const limits = { ...defaultHttpLimits, ...opts.limits };
  const key = (method: Route['method'], path: string) => `${method ?? 'POST'} ${path}`;
  const routes = new Map([...opts.routes, healthz].map((r) => [key(r.method, r.path), r]));

  const serve = async (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.get(`${req.method} ${path}`);
    if (!route) return refuse(res, 404, 'not found');
    if (route.authorize && !route.authorize(req.headers)) return refuse(res, 401, 'unauthorized');
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > route.maxBodyBytes) return refuse(res, 413, 'payload too large');
    // Asked to wait for our word before sending the body: it is given only once the request may proceed.
    if (expectsContinue) res.writeContinue();
    const body = await readLimited(req, route.maxBodyBytes);
    if (!body) return refuse(res, 413, 'payload too large');
    try {
      await route.handler({ headers: req.headers, body }, res);
    } catch (error) {
      // A malformed body is the sender's problem: answer 400 and keep serving.
      logger.warn({ err: error, path }, 'webhook request failed');
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
      else res.end();
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean) => {
    serve(req, res, expectsContinue).catch((error: unknown) => {
      // The client went away mid-body: nobody is left to answer.
      logger.debug({ err: error }, 'request dropped');
      res.destroy();
    });
  };
  const server = createServer(
    { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: limits.checkIntervalMs, maxHeaderSize: maxHeaderBytes },
    (req, res) => handle(req, res, false),
  );
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => handle(req, res, true));
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  server.maxHeadersCount = maxHeaderLines;
  server.setTimeout(limits.idleTimeoutMs);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  logger.info({ port }, 'http server listening');
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    addRoute: (route) => routes.set(key(route.method, route.path), route),
    removeRoute: (path, method = 'POST') => routes.delete(key(method, path)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Answers without reading (the rest of) the body. `Connection: close` makes Node close the socket
 * once the answer is out instead of draining what the client still sends to reuse the connection.
 */
function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' }).end(text);
}

/**
 * Reads a body of at most `limit` bytes; undefined, with reading stopped, as soon as it grows past
 * it (a chunked body has no length to check up front).
 */
function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error?: Error) => {
      done();
      reject(error ?? new Error('connection closed before the body was complete'));
    };
    const onClose = () => onError();
    const done = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
