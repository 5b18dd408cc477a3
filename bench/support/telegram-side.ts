/**
 * Child process playing Telegram for the Telegram benchmarks: the fake Bot API of the tests
 * (tests/helpers/fake-telegram.ts, a real HTTP server on 127.0.0.1) plus the buyers' side of the
 * load. It runs in its own process so the bot under test has its core to itself, as it would
 * against the real Telegram.
 *
 * Controlled over IPC with {@link SideCommand}s; answers each with a {@link SideAnswer}.
 *
 * @module
 */
import http from 'node:http';
import { startFakeTelegram, type ApiCall, type FakeTelegram, type FakeUser } from '../../tests/helpers/fake-telegram.js';
import { summarize, type LatencySummary } from './stats.js';

/** What the parent asks. */
export type SideCommand =
  /** `limits`: the fakes answer 429 past Telegram's limits, as the real Bot API does. */
  | { id: number; cmd: 'start-fakes'; tokens: string[]; limits?: { perSecond: number; groupPerMinute: number } }
  | {
      id: number;
      cmd: 'drive';
      /** Which fake (by token) the load goes to. */
      token: string;
      mode: 'polling' | 'webhook';
      /** Where to POST updates in webhook mode, and the secret header. */
      webhook?: { url: string; secret: string };
      users: number;
      /** Updates each user sends, each after the reply to the previous one. */
      updatesPerUser: number;
      /** Webhook mode: connections Telegram opens at most (its max_connections, 40 by default). */
      maxConnections: number;
      /** What users type, in turn. */
      texts: string[];
      /** First user id; distinct ranges keep runs apart. */
      firstUserId: number;
    }
  /** One buyer writes `/start` to each bot (by webhook), one bot after another being answered. */
  | { id: number; cmd: 'touch'; targets: Array<{ token: string; url: string; secret: string }>; userId: number; concurrency: number }
  | { id: number; cmd: 'calls'; token: string; method: string }
  | { id: number; cmd: 'stop-fakes' };

/** The answer to a command. */
export type SideAnswer =
  | { id: number; ok: true; apiRoot?: string; drive?: DriveResult; count?: number; touched?: number }
  | { id: number; ok: false; error: string };

/** What one load run measured, on Telegram's side. */
export interface DriveResult {
  updates: number;
  replies: number;
  /** From the first update sent to the last reply received. */
  wallMs: number;
  updatesPerSecond: number;
  /** From an update being available (queued for getUpdates, or its POST started) to the bot's reply arriving. */
  latency: LatencySummary;
  /** Bot API calls the bot made during the run, by method (refused ones included). */
  calls: Record<string, number>;
  /** Sends the fake refused with 429 for going past the limits (only with `limits`). */
  tooManyRequests: number;
  /** Webhook POSTs answered with a status other than 200. */
  webhookErrors: number;
  /** CPU time this (Telegram-side) process used during the run, as a share of one core: near 1 means it was the bottleneck. */
  sideCpuShare: number;
}

const fakes = new Map<string, FakeTelegram>();
const replyMethods = new Set(['sendMessage', 'sendPhoto']);

/** Hooks the fake's call log (an array it pushes to) to see each request as it arrives. */
function onCall(tg: FakeTelegram, listener: ((call: ApiCall) => void) | undefined): void {
  const calls = tg.calls as ApiCall[] & { push: (...items: ApiCall[]) => number };
  calls.push = listener
    ? (...items: ApiCall[]) => {
        for (const c of items) listener(c);
        return Array.prototype.push.apply(calls, items);
      }
    : Array.prototype.push;
}

async function drive(c: Extract<SideCommand, { cmd: 'drive' }>): Promise<DriveResult> {
  const tg = fakes.get(c.token);
  if (!tg) throw new Error(`no fake for token ${c.token}`);
  const users: FakeUser[] = Array.from({ length: c.users }, (_, i) => ({ id: c.firstUserId + i, first_name: `Покупатель ${i + 1}`, language_code: 'ru' }));
  const left = new Map(users.map((u) => [u.id, c.updatesPerUser]));
  const pending = new Map<number, bigint>();
  const latencies: number[] = [];
  const calls: Record<string, number> = {};
  let replies = 0;
  let webhookErrors = 0;
  let textIndex = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: c.maxConnections });
  const total = c.users * c.updatesPerUser;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));

  const post = (update: Record<string, unknown>) => {
    const body = JSON.stringify(update);
    const url = new URL(c.webhook!.url);
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': c.webhook!.secret } },
      (res) => {
        if (res.statusCode !== 200) webhookErrors++;
        res.resume();
      },
    );
    req.on('error', () => webhookErrors++);
    req.end(body);
  };
  const send = (user: FakeUser) => {
    const n = left.get(user.id)!;
    if (n === 0) return;
    left.set(user.id, n - 1);
    const text = c.texts[textIndex++ % c.texts.length]!;
    pending.set(user.id, process.hrtime.bigint());
    // sendText records the message in the fake's chat model and queues it for getUpdates.
    const update = tg.sendText(user, text);
    if (c.mode === 'webhook') post(update);
  };
  let tooManyRequests = 0;
  onCall(tg, (call) => {
    calls[call.method] = (calls[call.method] ?? 0) + 1;
    // The fake decides on 429 right after recording the call, in the same tick.
    queueMicrotask(() => answered(call));
  });
  const answered = (call: ApiCall) => {
    if (call.refused) {
      tooManyRequests++;
      return;
    }
    if (!replyMethods.has(call.method)) return;
    const chat = Number(call.params['chat_id']);
    const sentAt = pending.get(chat);
    if (sentAt === undefined) return;
    pending.delete(chat);
    latencies.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
    replies++;
    if (replies === total) done();
    // The buyer reads the answer and writes again at once: one update in flight per buyer.
    else queueMicrotask(() => send(users[chat - c.firstUserId]!));
  };
  const start = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  for (const u of users) send(u);
  const timeout = setTimeout(done, 300_000);
  await finished;
  clearTimeout(timeout);
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  onCall(tg, undefined);
  agent.destroy();
  return { updates: total, replies, wallMs, updatesPerSecond: (replies / wallMs) * 1000, latency: summarize(latencies), calls, tooManyRequests, webhookErrors, sideCpuShare: (cpu.user + cpu.system) / 1000 / wallMs };
}

/** Posts one `/start` to each bot's webhook and waits for each reply; resolves with how many answered. */
async function touch(c: Extract<SideCommand, { cmd: 'touch' }>): Promise<number> {
  const agent = new http.Agent({ keepAlive: false, maxSockets: c.concurrency });
  const user: FakeUser = { id: c.userId, first_name: 'Ира', language_code: 'ru' };
  let answered = 0;
  const one = async (target: { token: string; url: string; secret: string }) => {
    const tg = fakes.get(target.token);
    if (!tg) throw new Error(`no fake for token ${target.token}`);
    const replied = new Promise<void>((resolve) => onCall(tg, (call) => replyMethods.has(call.method) && Number(call.params['chat_id']) === user.id && resolve()));
    const body = JSON.stringify(tg.sendText(user, '/start'));
    const url = new URL(target.url);
    await new Promise<void>((resolve, reject) => {
      const req = http.request(
        { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': target.secret } },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`webhook ${target.url} answered ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    await Promise.race([replied, new Promise((_, reject) => setTimeout(() => reject(new Error(`no reply from ${target.url}`)), 30_000))]);
    onCall(tg, undefined);
    answered++;
  };
  const queue = [...c.targets];
  await Promise.all(Array.from({ length: c.concurrency }, async () => {
    for (let t = queue.shift(); t; t = queue.shift()) await one(t);
  }));
  agent.destroy();
  return answered;
}

async function handle(c: SideCommand): Promise<SideAnswer> {
  switch (c.cmd) {
    case 'start-fakes': {
      // One fake Bot API per token (each accepts only its own); the first one's root is the
      // router that sends each request to its token's fake.
      for (const token of c.tokens) if (!fakes.has(token)) fakes.set(token, await startFakeTelegram({ token, limits: c.limits }));
      return { id: c.id, ok: true, apiRoot: await router() };
    }
    case 'drive':
      return { id: c.id, ok: true, drive: await drive(c) };
    case 'touch':
      return { id: c.id, ok: true, touched: await touch(c) };
    case 'calls':
      return { id: c.id, ok: true, count: fakes.get(c.token)?.callsOf(c.method).length ?? 0 };
    case 'stop-fakes':
      await Promise.all([...fakes.values()].map((f) => f.close()));
      fakes.clear();
      await new Promise<void>((resolve) => (routerServer ? routerServer.close(() => resolve()) : resolve()));
      routerServer = undefined;
      return { id: c.id, ok: true };
  }
}

let routerServer: http.Server | undefined;
/**
 * One Bot API root for many bots: forwards `/bot<token>/…` to the fake of that token, the way
 * api.telegram.org serves every bot at one address. Used when several tokens are in play.
 */
async function router(): Promise<string> {
  if (fakes.size === 1) return [...fakes.values()][0]!.apiRoot;
  if (routerServer) return `http://127.0.0.1:${(routerServer.address() as { port: number }).port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  routerServer = http.createServer((req, res) => {
    const token = decodeURIComponent(/^\/bot([^/]+)\//.exec(req.url ?? '')?.[1] ?? '');
    const fake = fakes.get(token);
    if (!fake) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"ok":false,"error_code":401,"description":"Unauthorized"}');
      return;
    }
    const target = new URL(fake.apiRoot);
    const upstream = http.request({ agent, host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  routerServer.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => routerServer!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(routerServer.address() as { port: number }).port}`;
}

process.on('message', (message) => {
  const c = message as SideCommand;
  handle(c)
    .catch((error: unknown): SideAnswer => ({ id: c.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
    .then((answer) => process.send!(answer));
});
process.on('disconnect', () => process.exit(0));
