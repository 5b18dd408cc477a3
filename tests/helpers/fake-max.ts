/**
 * A fake MAX Bot API server for tests: a real HTTP server on 127.0.0.1 that the real
 * `@maxhub/max-bot-api` client talks to through
 *
 * ```ts
 * new Bot(max.token, { clientOptions: { baseUrl: max.apiBaseUrl } })
 * ```
 *
 * `apiBaseUrl` is a bare root URL (`http://127.0.0.1:PORT`): the client resolves each method with
 * `new URL('messages', baseUrl)`, so a path in the base URL would be dropped anyway.
 *
 * It serves (wire facts from MAX's Bot API documentation and the client's own source):
 * - the token in header `Authorization: <token>` (bare, no `Bearer`); a missing or wrong one, or a
 *   token in the query, is answered 401 `{code: 'verify.token'}`;
 * - `GET /me`, `PATCH /me/commands` (the command menu); long polling `GET /updates?marker&timeout&limit&types` → `{updates, marker}`
 *   (while a webhook subscription exists the poll is held and answered empty, as polling is off);
 * - `POST /messages?chat_id=|user_id=` `{text ≤ 4000, attachments, format, notify}` → `{message}`;
 *   `PUT /messages?message_id=` (attachments omitted or null keep the keyboard, `[]` removes it);
 *   `DELETE /messages?message_id=`; `POST /answers?callback_id=` `{message}` or `{notification}`
 *   (an empty body is 400);
 * - uploads: `POST /uploads?type=image` → `{url}`; a multipart POST with field `data` to that URL →
 *   `{photos: {<id>: {token}}}`; a fresh token answers 400 `attachment.not.ready` to its first
 *   `notReadyTimes` uses (default 1) in sends, edits and answers;
 * - `GET|POST|DELETE /subscriptions` (webhooks);
 * - inline keyboards validated like MAX: ≤ 210 buttons, ≤ 30 rows, ≤ 7 a row (≤ 3 in a row with a
 *   link or request button), text ≤ 128, callback payload ≤ 1024.
 *
 * A dialog's `chat_id` is deliberately not the user's id (user id + 900000), as on MAX.
 *
 * @module
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A MAX user who writes to the bot. */
export interface MaxUser {
  user_id: number;
  first_name: string;
  last_name?: string;
  username?: string | null;
  /** The client's language as MAX sends it in `user_locale` (e.g. `ru-RU`, `en-US`). */
  locale?: string;
}

/** A message the bot sent, as it currently looks in the dialog. */
export interface MaxSentMessage {
  mid: string;
  chatId: number;
  text: string | null;
  format?: string;
  /** Every attachment except the inline keyboard. */
  attachments: any[];
  /** The inline keyboard's rows of buttons, if the message has one. */
  buttons?: any[][];
  deleted: boolean;
  /** How many times the message was edited (`PUT /messages` or an answer with `message`). */
  edits: number;
}

/** One request that reached the fake: `route` is `METHOD /path` (`POST /messages`, `GET /updates`, `POST /upload`…). */
export interface MaxApiCall {
  route: string;
  query: Record<string, string>;
  /** The parsed JSON body (for uploads: `{ field: filename, size }`), or undefined. */
  body: any;
  /** `Date.now()` when the request arrived. */
  at: number;
}

/** An error answer: HTTP status and MAX's `{code, message}` body. */
export interface MaxErrorAnswer {
  status: number;
  code: string;
  message: string;
}

/** A running fake MAX Bot API; see {@link startFakeMax}. */
export interface FakeMax {
  /** `http://127.0.0.1:PORT` — the root URL to pass as the client's `baseUrl` (`MAX_API_BASE_URL`). */
  apiBaseUrl: string;
  token: string;
  /** Every request, in arrival order. */
  calls: MaxApiCall[];
  callsOf(route: string): MaxApiCall[];
  /** The dialog's chat id of a user (not the user id). */
  chatIdOf(user: MaxUser): number;
  /** Queues a raw update (`update_type` required; `timestamp` filled in) and wakes a pending poll. */
  pushUpdate(update: Record<string, any>): Record<string, any>;
  /** The user writes text (a `message_created`); `attachments` are added to the body. */
  sendText(user: MaxUser, text: string | null, attachments?: any[]): Record<string, any>;
  /** The user shares a contact: a `contact` attachment whose vCard phone has no `+` (e.g. `79161234567`). */
  sendContact(user: MaxUser, phoneDigits: string, opts?: { ownerId?: number }): Record<string, any>;
  /** The user sends a photo (an `image` attachment). */
  sendPhoto(user: MaxUser, photoId?: number): Record<string, any>;
  /** The user sends something the bot does not read (default a sticker). */
  sendUnsupported(user: MaxUser, attachment?: Record<string, any>): Record<string, any>;
  /** The user opens the bot (first contact) or a deep link `max.ru/<bot>?start=<payload>`: a `bot_started`. */
  botStarted(user: MaxUser, payload?: string): Record<string, any>;
  /**
   * The user presses a callback button on the bot's last message with a keyboard in their dialog (or
   * message `mid`), matched by text, else payload; throws listing the buttons if none. Queues a
   * `message_callback`; its `callback_id` becomes answerable.
   */
  press(user: MaxUser, textOrPayload: string, mid?: string): Record<string, any>;
  /** Bot messages in a dialog (deleted ones only with `includeDeleted`), oldest first. */
  messages(chatId: number, opts?: { includeDeleted?: boolean }): MaxSentMessage[];
  lastMessage(chatId: number): MaxSentMessage | undefined;
  /** Answers to button presses, in order. */
  readonly answers: ReadonlyArray<{ callbackId: string; body: any }>;
  /** Webhook subscriptions as set with `POST /subscriptions`. */
  readonly subscriptions: ReadonlyArray<{ url: string; secret?: string; update_types?: string[] }>;
  /** How many files were uploaded. */
  readonly uploads: number;
  /** The user blocked the bot: sending to their dialog answers 403 (`chat.denied`). */
  block(user: MaxUser): void;
  /** The next `times` (default 1) requests to `route` (e.g. `POST /messages`) fail with `answer`. */
  failNext(route: string, answer: MaxErrorAnswer, times?: number): void;
  /** How many uses of a fresh upload token answer `attachment.not.ready`. Default 1. */
  notReadyTimes: number;
  /** Resolves when `predicate(calls)` holds (checked every 10 ms); rejects after `timeoutMs` (default 3000). */
  waitFor(predicate: (calls: MaxApiCall[]) => boolean, timeoutMs?: number): Promise<void>;
  /**
   * Resolves once every update was delivered, a newer poll is held (or nobody polls), no request is
   * being answered and nothing happened for `quietMs` (default 100).
   */
  settle(timeoutMs?: number, quietMs?: number): Promise<void>;
  /** Makes {@link FakeMax.settle} also wait while `busy()` is true (the bot still handles updates it has read). */
  alsoWaitFor(busy: () => boolean): void;
  /** Answers held polls empty, closes connections and stops the server. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Internals

class MaxFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TEXT_MAX = 4000;
const BUTTON_TEXT_MAX = 128;
const PAYLOAD_MAX = 1024;
const BUTTONS_MAX = 210;
const ROWS_MAX = 30;
const ROW_MAX = 7;
const ROW_MAX_WIDE = 3;
const CHAT_OFFSET = 900_000;
const BOT_USER_ID = 5_000_001;

const badRequest = (message: string): MaxFault => new MaxFault(400, 'proto.payload', message);
const chars = (s: string): number => [...s].length;

/** Throws (as MAX answers 400) when an `inline_keyboard` attachment breaks MAX's limits. */
export function validateKeyboard(attachment: any): void {
  const rows: unknown = attachment?.payload?.buttons;
  if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r))) throw badRequest('inline_keyboard.payload.buttons must be rows');
  if (rows.length > ROWS_MAX) throw badRequest(`too many rows: ${rows.length}`);
  const total = rows.reduce((n: number, r: any[]) => n + r.length, 0);
  if (total > BUTTONS_MAX) throw badRequest(`too many buttons: ${total}`);
  for (const row of rows as any[][]) {
    const wide = row.some((b) => b?.type === 'link' || b?.type === 'request_contact' || b?.type === 'request_geo_location');
    if (row.length > (wide ? ROW_MAX_WIDE : ROW_MAX)) throw badRequest(`too many buttons in a row: ${row.length}`);
    for (const b of row) {
      if (typeof b?.text !== 'string' || b.text.length === 0) throw badRequest('button.text is required');
      if (chars(b.text) > BUTTON_TEXT_MAX) throw badRequest(`button.text is too long: ${b.text}`);
      if (b.type === 'callback') {
        if (typeof b.payload !== 'string' || b.payload.length === 0) throw badRequest('callback.payload is required');
        if (b.payload.length > PAYLOAD_MAX) throw badRequest('callback.payload is too long');
      } else if (b.type === 'link') {
        if (typeof b.url !== 'string' || !/^https?:\/\//.test(b.url)) throw badRequest('link.url is invalid');
      } else if (b.type !== 'request_contact' && b.type !== 'request_geo_location' && b.type !== 'message' && b.type !== 'open_app' && b.type !== 'clipboard') {
        throw badRequest(`unknown button type: ${String(b.type)}`);
      }
    }
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

/** The filename and size of the multipart part named `data` (the only field MAX reads). */
function multipartData(body: Buffer, contentType: string): { filename: string; size: number } | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) return undefined;
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  const text = body.toString('latin1');
  for (const part of text.split(delimiter)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const headers = part.slice(0, headerEnd);
    if (!/name="data"/i.test(headers)) continue;
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1] ?? 'blob';
    return { filename, size: Math.max(0, part.length - headerEnd - 4 - 2) };
  }
  return undefined;
}

interface Stored extends MaxSentMessage {
  timestamp: number;
}

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeMax(opts: { token?: string } = {}): Promise<FakeMax> {
  const token = opts.token ?? 'max-TEST-bot-token';
  const calls: MaxApiCall[] = [];
  const queue: Array<{ seq: number; update: Record<string, any>; delivered: boolean }> = [];
  const dialogs = new Map<number, Stored[]>();
  const callbacks = new Map<string, { chatId: number; mid: string }>();
  const answers: Array<{ callbackId: string; body: any }> = [];
  const subscriptions: Array<{ url: string; secret?: string; update_types?: string[] }> = [];
  const tokens = new Map<string, number>(); // upload token → uses left that answer not ready
  const uploadUrls = new Set<string>();
  const blocked = new Set<number>();
  const faults = new Map<string, MaxErrorAnswer[]>();
  const held = new Set<{ res: http.ServerResponse; finish: () => void }>();
  let nextSeq = 1;
  let nextMid = 1;
  let nextId = 1;
  let uploads = 0;
  let active = 0;
  let lastActivity = Date.now();
  let lastPollAnsweredAt = 0;
  let lastPollArrivedAt = 0;
  let closed = false;

  const fake = {} as FakeMax;
  const chatIdOf = (user: MaxUser): number => user.user_id + CHAT_OFFSET;
  const dialog = (chatId: number): Stored[] => {
    let list = dialogs.get(chatId);
    if (!list) dialogs.set(chatId, (list = []));
    return list;
  };
  const sender = (user: MaxUser) => ({
    user_id: user.user_id,
    first_name: user.first_name,
    last_name: user.last_name,
    name: [user.first_name, user.last_name].filter(Boolean).join(' '),
    username: user.username ?? null,
    is_bot: false,
    last_activity_time: Date.now(),
  });
  const findMessage = (mid: string): Stored | undefined => {
    for (const list of dialogs.values()) {
      const found = list.find((m) => m.mid === mid);
      if (found) return found;
    }
    return undefined;
  };
  const wire = (m: Stored) => ({
    sender: { user_id: BOT_USER_ID, first_name: 'Shop', name: 'Shop', username: 'shop_bot', is_bot: true, last_activity_time: m.timestamp },
    recipient: { chat_id: m.chatId, chat_type: 'dialog', user_id: null },
    timestamp: m.timestamp,
    body: {
      mid: m.mid,
      seq: Number(m.mid.split('.')[1] ?? 0),
      text: m.text,
      attachments: [...m.attachments, ...(m.buttons ? [{ type: 'inline_keyboard', payload: { buttons: m.buttons } }] : [])],
    },
  });

  const wake = (): void => {
    for (const h of [...held]) h.finish();
  };

  fake.pushUpdate = (update) => {
    if (typeof update['update_type'] !== 'string') throw new Error('update_type is required');
    const full = { timestamp: Date.now(), ...update };
    queue.push({ seq: nextSeq++, update: full, delivered: false });
    lastActivity = Date.now();
    wake();
    return full;
  };

  const userMessage = (user: MaxUser, text: string | null, attachments: any[] = []) =>
    fake.pushUpdate({
      update_type: 'message_created',
      message: {
        sender: sender(user),
        recipient: { chat_id: chatIdOf(user), chat_type: 'dialog', user_id: BOT_USER_ID },
        timestamp: Date.now(),
        body: { mid: `mid.${nextMid++}`, seq: nextMid, text, attachments },
      },
      user_locale: user.locale ?? 'ru',
    });

  fake.sendText = (user, text, attachments) => userMessage(user, text, attachments);
  fake.sendContact = (user, phoneDigits, o = {}) =>
    userMessage(user, null, [
      {
        type: 'contact',
        payload: {
          vcf_info: `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${user.first_name}\r\nTEL;TYPE=cell:${phoneDigits}\r\nEND:VCARD\r\n`,
          max_info: sender({ ...user, user_id: o.ownerId ?? user.user_id }),
          hash: 'contact-hash',
        },
      },
    ]);
  fake.sendPhoto = (user, photoId = 777) =>
    userMessage(user, null, [{ type: 'image', payload: { photo_id: photoId, token: `ptoken${photoId}`, url: `https://i.max.example/${photoId}.jpg` } }]);
  fake.sendUnsupported = (user, attachment = { type: 'sticker', payload: { url: 'https://i.max.example/s.webp', code: 'st1' }, width: 128, height: 128 }) =>
    userMessage(user, null, [attachment]);
  fake.botStarted = (user, payload) =>
    fake.pushUpdate({
      update_type: 'bot_started',
      chat_id: chatIdOf(user),
      user: sender(user),
      ...(payload === undefined ? {} : { payload }),
      user_locale: user.locale ?? 'ru',
    });

  fake.press = (user, textOrPayload, mid) => {
    const chatId = chatIdOf(user);
    const visible = dialog(chatId).filter((m) => !m.deleted);
    const message = mid ? visible.find((m) => m.mid === mid) : [...visible].reverse().find((m) => m.buttons?.length);
    if (!message?.buttons) throw new Error(`no message with a keyboard in chat ${chatId}`);
    const all = message.buttons.flat().filter((b) => b.type === 'callback');
    const button = all.find((b) => b.text === textOrPayload) ?? all.find((b) => b.payload === textOrPayload);
    if (!button) throw new Error(`no button "${textOrPayload}"; buttons: ${all.map((b) => `${b.text} [${b.payload}]`).join(', ')}`);
    const callbackId = `cb.${nextId++}`;
    callbacks.set(callbackId, { chatId, mid: message.mid });
    return fake.pushUpdate({
      update_type: 'message_callback',
      callback: { timestamp: Date.now(), callback_id: callbackId, payload: button.payload, user: sender(user) },
      message: wire(message),
      user_locale: user.locale ?? 'ru',
    });
  };

  fake.messages = (chatId, o = {}) => dialog(chatId).filter((m) => o.includeDeleted || !m.deleted).map(({ timestamp: _t, ...m }) => m);
  fake.lastMessage = (chatId) => fake.messages(chatId).at(-1);
  fake.block = (user) => void blocked.add(chatIdOf(user));
  fake.failNext = (route, answer, times = 1) => {
    const list = faults.get(route) ?? [];
    for (let i = 0; i < times; i++) list.push(answer);
    faults.set(route, list);
  };
  fake.notReadyTimes = 1;
  fake.callsOf = (route) => calls.filter((c) => c.route === route);
  fake.chatIdOf = chatIdOf;
  Object.defineProperties(fake, {
    answers: { get: () => answers },
    subscriptions: { get: () => subscriptions },
    uploads: { get: () => uploads },
  });

  /** Checks attachments of a send/edit/answer; image tokens may be not ready yet. */
  const checkAttachments = (attachments: unknown): { media: any[]; buttons?: any[][] } => {
    if (attachments === undefined || attachments === null) return { media: [] };
    if (!Array.isArray(attachments)) throw badRequest('attachments must be an array');
    const media: any[] = [];
    let buttons: any[][] | undefined;
    for (const a of attachments) {
      if (a?.type === 'inline_keyboard') {
        validateKeyboard(a);
        buttons = a.payload.buttons;
      } else if (a?.type === 'image') {
        // An image is attached by `token`, by `photos` (the upload answer as is) or by `url`.
        const photos: unknown = a.payload?.photos;
        const given: unknown[] =
          photos && typeof photos === 'object' ? Object.values(photos as Record<string, any>).map((p) => p?.token) : a.payload?.token !== undefined ? [a.payload.token] : [];
        if (given.length === 0 && typeof a.payload?.url !== 'string') throw badRequest('image needs a token, photos or a url');
        for (const t of given) {
          if (typeof t !== 'string' || !tokens.has(t)) throw badRequest('unknown attachment token');
          const left = tokens.get(t)!;
          if (left > 0) {
            tokens.set(t, left - 1);
            throw new MaxFault(400, 'attachment.not.ready', 'Key: errors.process.attachment.file.not.processed');
          }
        }
        media.push(a);
      } else {
        throw badRequest(`unsupported attachment: ${String(a?.type)}`);
      }
    }
    return { media, buttons };
  };

  const checkText = (text: unknown): string | null => {
    if (text === undefined || text === null) return null;
    if (typeof text !== 'string') throw badRequest('text must be a string');
    if (chars(text) > TEXT_MAX) throw badRequest(`text: size must be between 0 and ${TEXT_MAX}`);
    return text;
  };

  const applyEdit = (message: Stored, body: any): void => {
    const checked = checkAttachments(body.attachments);
    if (body.text !== undefined) message.text = checkText(body.text);
    if (body.format !== undefined) message.format = body.format;
    // null or omitted attachments keep what the message has; [] removes everything.
    if (Array.isArray(body.attachments)) {
      message.attachments = checked.media;
      message.buttons = checked.buttons;
    }
    message.edits += 1;
  };

  const routes: Record<string, (q: Record<string, string>, body: any, req: http.IncomingMessage, raw: Buffer) => unknown> = {
    'GET /me': () => ({ user_id: BOT_USER_ID, first_name: 'Shop', name: 'Shop', username: 'shop_bot', is_bot: true, last_activity_time: Date.now() }),
    // The official client sets the menu at `PATCH /me/commands`.
    'PATCH /me/commands': (_q, body) => ({ user_id: BOT_USER_ID, first_name: 'Shop', name: 'Shop', username: 'shop_bot', is_bot: true, last_activity_time: Date.now(), commands: body?.commands ?? null }),
    'POST /messages': (q, body) => {
      const chatId = q['chat_id'] ? Number(q['chat_id']) : q['user_id'] ? Number(q['user_id']) + CHAT_OFFSET : NaN;
      if (!Number.isFinite(chatId)) throw badRequest('chat_id or user_id is required');
      if (blocked.has(chatId)) throw new MaxFault(403, 'chat.denied', 'error.dialog.suspended');
      const text = checkText(body?.text);
      const { media, buttons } = checkAttachments(body?.attachments);
      if (!text && media.length === 0) throw badRequest('text or attachments required');
      const stored: Stored = { mid: `mid.${nextMid++}`, chatId, text, format: body.format, attachments: media, buttons, deleted: false, edits: 0, timestamp: Date.now() };
      dialog(chatId).push(stored);
      return { message: wire(stored) };
    },
    'PUT /messages': (q, body) => {
      const message = findMessage(q['message_id'] ?? '');
      if (!message || message.deleted) throw new MaxFault(404, 'not.found', 'message not found');
      if (blocked.has(message.chatId)) throw new MaxFault(403, 'chat.denied', 'error.dialog.suspended');
      applyEdit(message, body ?? {});
      return { success: true };
    },
    'DELETE /messages': (q) => {
      const message = findMessage(q['message_id'] ?? '');
      if (!message || message.deleted) throw new MaxFault(404, 'not.found', 'message not found');
      message.deleted = true;
      return { success: true };
    },
    'POST /answers': (q, body) => {
      const callbackId = q['callback_id'] ?? '';
      const target = callbacks.get(callbackId);
      if (!target) throw new MaxFault(404, 'not.found', 'callback not found');
      if (!body || (body.message === undefined && body.notification === undefined)) throw badRequest('message or notification required');
      if (body.message) {
        const message = findMessage(target.mid);
        if (message) applyEdit(message, body.message);
      }
      answers.push({ callbackId, body });
      return { success: true };
    },
    'POST /uploads': (q, _body, req) => {
      if (!['image', 'video', 'audio', 'file'].includes(q['type'] ?? '')) throw badRequest('type is invalid');
      const url = `http://${req.headers.host}/upload/${nextId++}?type=${q['type']}`;
      uploadUrls.add(new URL(url).pathname);
      return { url };
    },
    'GET /subscriptions': () => ({ subscriptions: subscriptions.map((s) => ({ url: s.url, time: Date.now(), update_types: s.update_types ?? null })) }),
    'POST /subscriptions': (_q, body) => {
      if (typeof body?.url !== 'string' || !body.url.startsWith('https://')) throw badRequest('url must be https');
      const i = subscriptions.findIndex((s) => s.url === body.url);
      if (i >= 0) subscriptions.splice(i, 1);
      subscriptions.push({ url: body.url, secret: body.secret, update_types: body.update_types });
      return { success: true };
    },
    'DELETE /subscriptions': (q) => {
      const i = subscriptions.findIndex((s) => s.url === q['url']);
      if (i >= 0) subscriptions.splice(i, 1);
      return { success: i >= 0 };
    },
  };

  const send = (res: http.ServerResponse, status: number, data: unknown): void => {
    if (res.writableEnded) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(data));
  };

  const poll = (q: Record<string, string>, res: http.ServerResponse): void => {
    lastPollArrivedAt = Date.now();
    const timeout = Math.min(90, Math.max(0, Number(q['timeout'] ?? 30))) * 1000;
    const limit = Math.min(1000, Math.max(1, Number(q['limit'] ?? 100)));
    const types = q['types'] ? new Set(q['types'].split(',')) : undefined;
    const marker = q['marker'] ? Number(q['marker']) : undefined;
    // Delivered updates before the marker are confirmed; without a marker, start at the oldest undelivered.
    const from = marker ?? queue.find((e) => !e.delivered)?.seq ?? nextSeq;
    const ready = (): Array<(typeof queue)[number]> =>
      subscriptions.length > 0 ? [] : queue.filter((e) => e.seq >= from && (!types || types.has(String(e.update['update_type'])))).slice(0, limit);
    const answer = (): void => {
      const batch = ready();
      for (const e of batch) e.delivered = true;
      // Skipped (filtered) updates count as delivered too: the marker moves past them.
      const next = batch.length ? batch.at(-1)!.seq + 1 : from;
      for (const e of queue) if (e.seq < next && types) e.delivered = true;
      lastPollAnsweredAt = Date.now();
      send(res, 200, { updates: batch.map((e) => e.update), marker: next });
    };
    if (ready().length > 0 || timeout === 0 || closed) return answer();
    const entry = {
      res,
      finish: () => {
        if (ready().length === 0 && !closed) return;
        clearTimeout(timer);
        held.delete(entry);
        answer();
      },
    };
    const timer = setTimeout(() => {
      held.delete(entry);
      answer();
    }, timeout);
    held.add(entry);
    res.on('close', () => {
      clearTimeout(timer);
      held.delete(entry);
    });
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      active++;
      try {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const query = Object.fromEntries(url.searchParams);
        const raw = await readBody(req);
        const isUpload = uploadUrls.has(url.pathname) && req.method === 'POST';
        const route = isUpload ? 'POST /upload' : `${req.method} ${url.pathname}`;
        let body: any;
        if (isUpload) body = multipartData(raw, req.headers['content-type'] ?? '');
        else if (raw.length) {
          try {
            body = JSON.parse(raw.toString('utf8'));
          } catch {
            body = undefined;
          }
        }
        calls.push({ route, query, body, at: Date.now() });
        lastActivity = Date.now();
        // Upload URLs are pre-signed: they need no Authorization header.
        if (!isUpload && (req.headers['authorization'] !== token || 'access_token' in query)) {
          return send(res, 401, { code: 'verify.token', message: 'Invalid access_token' });
        }
        const fault = faults.get(route)?.shift();
        if (fault) {
          if (fault.status === 429) res.setHeader('retry-after', '1');
          return send(res, fault.status, { code: fault.code, message: fault.message });
        }
        if (route === 'GET /updates') return poll(query, res);
        if (isUpload) {
          if (!body) return send(res, 400, { code: 'proto.payload', message: 'multipart field "data" is required' });
          uploads++;
          const photoId = nextId++;
          const t = `utoken${photoId}`;
          tokens.set(t, fake.notReadyTimes);
          return send(res, 200, { photos: { [String(photoId)]: { token: t } } });
        }
        const handler = routes[route];
        if (!handler) return send(res, 404, { code: 'not.found', message: `no route ${route}` });
        return send(res, 200, handler(query, body, req, raw));
      } catch (err) {
        if (err instanceof MaxFault) return send(res, err.status, { code: err.code, message: err.message });
        return send(res, 500, { code: 'internal.error', message: String(err) });
      } finally {
        active--;
        lastActivity = Date.now();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  fake.apiBaseUrl = `http://127.0.0.1:${port}`;
  fake.token = token;
  fake.calls = calls;

  fake.waitFor = async (predicate, timeoutMs = 3000) => {
    const until = Date.now() + timeoutMs;
    while (!predicate(calls)) {
      if (Date.now() > until) {
        throw new Error(`waitFor timed out; last calls: ${calls.slice(-8).map((c) => c.route).join(', ')}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  const busyChecks: Array<() => boolean> = [];
  fake.alsoWaitFor = (busy) => void busyChecks.push(busy);
  fake.settle = async (timeoutMs = 3000, quietMs = 100) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const undelivered = queue.some((e) => !e.delivered);
      const polled = lastPollAnsweredAt === 0 || lastPollArrivedAt >= lastPollAnsweredAt;
      const quiet = Date.now() - lastActivity >= quietMs;
      // A held poll counts as an active request; everything else must be done.
      if (!undelivered && polled && active <= held.size && quiet && !busyChecks.some((busy) => busy())) return;
      if (Date.now() > until) throw new Error(`settle timed out (undelivered ${undelivered}, polled ${polled}, active ${active}, busy ${busyChecks.some((b) => b())})`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  fake.close = async () => {
    closed = true;
    wake();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  return fake;
}
