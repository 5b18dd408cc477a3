import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../shared/logger.js';

/** Handles one HTTP request; adapters provide these for their webhooks. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** A route: exact path, POST unless stated. */
export interface Route {
  method?: 'GET' | 'POST';
  path: string;
  handler: RequestHandler;
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

/** Starts the HTTP server; `/healthz` is always there. */
export async function startHttpServer(opts: { port: number; host?: string; routes: Route[]; logger: Logger }): Promise<HttpServer> {
  const { logger } = opts;
  const routes = new Map(opts.routes.map((r) => [`${r.method ?? 'POST'} ${r.path}`, r.handler]));
  routes.set('GET /healthz', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handler = routes.get(`${req.method} ${path}`);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        // A malformed body is the sender's problem: answer 400 and keep serving.
        logger.warn({ err: error, path }, 'webhook request failed');
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
        else res.end();
      });
  });
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
    addRoute: (route) => routes.set(`${route.method ?? 'POST'} ${route.path}`, route.handler),
    removeRoute: (path, method = 'POST') => routes.delete(`${method} ${path}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Thrown by {@link readBody} when a body is larger than allowed. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a request's raw body as text, refusing one larger than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
