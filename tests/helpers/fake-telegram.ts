/**
 * A fake Telegram Bot API server for tests: a real HTTP server on 127.0.0.1 that a real grammY `Bot`
 * talks to through `new Bot(token, { client: { apiRoot: tg.apiRoot } })`.
 *
 * It keeps a little model of private chats (messages the bot sent, their edits and deletions), queues
 * updates for long polling, and answers like Telegram does, including the common `400 Bad Request`s
 * (empty / too long text, not modified, message to edit not found, BUTTON_DATA_INVALID, HTML that
 * does not parse…). Only private chats between users and the bot are modelled.
 *
 * @module
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UserFromGetMe } from 'grammy/types';

/** A Telegram user who talks to the bot in a private chat (chat id = user id). */
export interface FakeUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/**
 * A message the bot sent, as it currently looks in the chat.
 *
 * `text` / `caption` are the texts after `parse_mode` parsing (HTML tags and MarkdownV2 markup removed,
 * like Telegram shows them). `photo` is what the bot sent: a URL, a file id, or `upload:<filename>`
 * for a multipart upload. `reply_markup` is the inline keyboard currently shown; for a message sent
 * with a reply keyboard / remove_keyboard / force_reply it is that markup (Telegram does not attach
 * those to the message, see {@link FakeTelegram.replyKeyboard}).
 */
export interface SentMessage {
  message_id: number;
  chat_id: number;
  text?: string;
  caption?: string;
  /** URL or file id sent, or `upload:<filename>` for an uploaded file. */
  photo?: string;
  /** A document sent with sendDocument. */
  document?: { filename: string; text?: string };
  reply_markup?: any;
  deleted: boolean;
  /** How many times the message was edited (text, caption, media or markup). */
  edits: number;
}

/** One request the bot made, with its parameters parsed (JSON, multipart or urlencoded). */
export interface ApiCall {
  method: string;
  /**
   * Parameters as the bot sent them. Multipart text fields are JSON-decoded where that makes sense
   * (`reply_markup`, numbers, booleans); an uploaded file part appears as
   * `{ upload: true, filename, size }` under its part name, and the parameter that references it
   * keeps its `attach://<part>` value.
   */
  params: Record<string, any>;
  /** `Date.now()` when the request arrived. */
  at: number;
  /** Set (right after the call is recorded, in the same tick) when the enforced limits refused it with 429. */
  refused?: boolean;
}

/** A Bot API error as Telegram returns it (`{ ok: false, error_code, description, parameters? }`). */
export interface FakeApiError {
  error_code: number;
  description: string;
  parameters?: Record<string, any>;
}

/** A running fake Bot API server; see {@link startFakeTelegram}. */
export interface FakeTelegram {
  /** `http://127.0.0.1:PORT`, without a trailing slash: pass it as grammY's `client.apiRoot`. */
  apiRoot: string;
  /** The token the server accepts (requests with another token get 401 Unauthorized). */
  token: string;
  /** What getMe returns; usable as grammY's `botInfo` option to skip getMe. */
  botInfo: UserFromGetMe;
  /** Every request, in arrival order. */
  calls: ApiCall[];
  /** The calls of one method, in order. */
  callsOf(method: string): ApiCall[];
  /** Queues a raw update (update_id assigned if absent) and wakes a pending long poll; returns it. */
  pushUpdate(update: Record<string, any>): Record<string, any>;
  /**
   * The user types `text` in the private chat with the bot. If the text starts with a command
   * (`/start`, `/start@bot`, Latin letters, digits and `_` like Telegram requires), the message gets a
   * `bot_command` entity covering the command word. Returns the queued update.
   */
  sendText(user: FakeUser, text: string): Record<string, any>;
  /**
   * The user shares a contact; `phone` as Telegram sends it (e.g. `"79161234567"`, no plus).
   * `contact.user_id = user.id` unless `foreign` (someone else's contact: no user_id).
   */
  shareContact(user: FakeUser, phone: string, opts?: { foreign?: boolean }): Record<string, any>;
  /**
   * The user presses an inline button of bot message `messageId` in their chat. Finds the button whose
   * callback_data === `dataOrLabel`, else whose text === `dataOrLabel`; throws an error listing the
   * available buttons if none. `callback_query.message` is the message as currently shown.
   */
  pressButton(user: FakeUser, messageId: number, dataOrLabel: string, chatId?: number): Record<string, any>;
  /** Creates a group chat (negative id) the bot is a member of. */
  group(chatId: number, title: string): void;
  /** A user writes in a group, optionally replying to one of its messages. */
  sendGroupText(chatId: number, user: FakeUser, text: string, replyTo?: number): Record<string, any>;
  /** A user presses a button on the group's latest bot message with an inline keyboard. */
  pressLatestIn(chatId: number, user: FakeUser, dataOrLabel: string): Record<string, any>;
  /** Like {@link FakeTelegram.pressButton} on the last visible bot message with an inline keyboard in the user's chat. */
  pressLatest(user: FakeUser, dataOrLabel: string): Record<string, any>;
  /** The user sends any message kind (sticker, voice, photo, document…): `fields` are merged into a private-chat message. */
  sendMessageOf(user: FakeUser, fields: Record<string, any>): Record<string, any>;
  /** Bot messages in a chat as currently shown (after edits; deleted ones only with `includeDeleted`), oldest first. */
  chat(chatId: number, opts?: { includeDeleted?: boolean }): SentMessage[];
  /** The last visible bot message in a chat. */
  lastMessage(chatId: number): SentMessage | undefined;
  /**
   * The reply keyboard the user currently sees under the input field in that chat (the last
   * `{ keyboard: … }` markup sent), or undefined after `remove_keyboard` / if none was sent.
   */
  replyKeyboard(chatId: number): any;
  /**
   * The next `times` (default 1) calls of `method` fail with this Bot API error, e.g.
   * `{ error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }`.
   */
  failNext(method: string, error: FakeApiError, times?: number): void;
  /** The next call of `method` gets its socket destroyed without an answer (grammY throws an HttpError). */
  dropNext(method: string): void;
  /**
   * Sends to `chatId` hang unanswered and undelivered (a message in flight) while held; `false`
   * lets later ones through and cuts the held connections (their sender is gone, e.g. killed).
   */
  holdChat(chatId: number, hold: boolean): void;
  /** Resolves when `predicate(calls)` is true (checked every 10 ms); rejects after `timeoutMs` (default 3000) listing the last 10 calls. */
  waitFor(predicate: (calls: ApiCall[]) => boolean, timeoutMs?: number): Promise<void>;
  /**
   * Resolves once every queued update was fetched and confirmed (a later getUpdates offset passed it),
   * no request is being answered, and no request arrived for `quietMs` (default 50): the bot finished
   * reacting. Rejects after `timeoutMs` (default 3000). Needs a running bot (`bot.start()`).
   */
  settle(timeoutMs?: number, quietMs?: number): Promise<void>;
  /**
   * Makes {@link FakeTelegram.settle} also wait while `busy()` is true: a bot that fetches ahead
   * (grammY's runner) confirms updates before it has handled them.
   */
  alsoWaitFor(busy: () => boolean): void;
  /** How many 429 answers the enforced limits gave (see {@link FakeTelegramOptions.limits}). */
  tooManyRequests(): number;
  /** Closes all connections (pending long polls included) and stops the server. */
  close(): Promise<void>;
}

/** Options of {@link startFakeTelegram}. */
export interface FakeTelegramOptions {
  /** Bot token; the bot id is the part before the colon. Default `123456789:TEST-token`. */
  token?: string;
  /**
   * Enforces Telegram's limits on sent messages (send*, copy, forward): more than `perSecond` in
   * any second, or more than `groupPerMinute` to one group in any minute, gets 429 with
   * `retry_after`. Off by default.
   */
  limits?: { perSecond: number; groupPerMinute: number };
}

// ---------------------------------------------------------------------------------------------
// Internals

class ApiError extends Error {
  constructor(
    readonly error_code: number,
    readonly description: string,
    readonly parameters?: Record<string, any>,
  ) {
    super(description);
  }
}

const bad = (description: string): ApiError => new ApiError(400, `Bad Request: ${description}`);

interface PhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size: number;
}

interface StoredMessage {
  message_id: number;
  chat_id: number;
  fromBot: boolean;
  date: number;
  edit_date?: number;
  text?: string;
  entities?: any[];
  caption?: string;
  caption_entities?: any[];
  /** What was sent as the photo (URL, file id or `upload:<name>`). */
  photo?: string;
  photoSizes?: PhotoSize[];
  /** An uploaded document: its file name and (for small files) its text. */
  document?: { filename: string; text?: string };
  /** Markup as sent (any kind); only an inline keyboard is shown in the Message object. */
  reply_markup?: any;
  deleted: boolean;
  edits: number;
  /** For user messages: the full Message object as delivered to the bot. */
  raw?: Record<string, any>;
}

interface ChatState {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  nextMessageId: number;
  messages: StoredMessage[];
  replyKeyboard?: any;
}

interface PendingPoll {
  res: http.ServerResponse;
  offset: number;
  limit: number;
  timer: NodeJS.Timeout;
}

interface QueuedUpdate {
  update: Record<string, any>;
  fetched: boolean;
}

interface UploadedPart {
  upload: true;
  filename: string;
  size: number;
  /** The content as text, for files small enough to inspect. */
  text?: string;
}

/** Parameters that stay strings even if they look like JSON numbers (multipart / urlencoded). */
const STRING_PARAMS = new Set([
  'text',
  'caption',
  'photo',
  'document',
  'audio',
  'video',
  'voice',
  'animation',
  'sticker',
  'video_note',
  'callback_query_id',
  'inline_message_id',
  'parse_mode',
  'url',
  'secret_token',
  'ip_address',
  'action',
  'language_code',
  'title',
  'description',
  'query',
  'emoji',
]);

const CALLBACK_DATA_MAX_BYTES = 64;
const TEXT_MAX = 4096;
const CAPTION_MAX = 1024;

const now = (): number => Math.floor(Date.now() / 1000);

/** JSON.stringify with sorted keys and without null/undefined, for "is it the same markup" checks. */
function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null) return undefined;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

function decodeValue(key: string, value: string): unknown {
  if (STRING_PARAMS.has(key)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Splits a multipart/form-data body; tolerant of grammY's lowercase, space-less part headers. */
function parseMultipart(body: Buffer, boundary: string): Record<string, any> {
  const params: Record<string, any> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    let part = body.subarray(start, next);
    if (part.subarray(0, 2).toString() === '\r\n') part = part.subarray(2);
    if (part.subarray(part.length - 2).toString() === '\r\n') part = part.subarray(0, part.length - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = (headerEnd === -1 ? part : part.subarray(0, headerEnd)).toString('utf8');
    const content = headerEnd === -1 ? Buffer.alloc(0) : part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name !== undefined) {
      const filename = /filename="?([^";\r\n]*)"?/i.exec(headers)?.[1];
      if (filename !== undefined) {
        const uploaded: UploadedPart = { upload: true, filename, size: content.length, ...(content.length < 1_000_000 ? { text: content.toString('utf8') } : {}) };
        params[name] = uploaded;
      } else {
        params[name] = decodeValue(name, content.toString('utf8'));
      }
    }
    pos = next;
  }
  return params;
}

function parseBody(req: http.IncomingMessage, body: Buffer, url: URL): Record<string, any> {
  const params: Record<string, any> = {};
  for (const [k, v] of url.searchParams) params[k] = decodeValue(k, v);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (body.length === 0) return params;
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(req.headers['content-type'] ?? '');
    const b = boundary?.[1] ?? boundary?.[2];
    if (b) Object.assign(params, parseMultipart(body, b));
    return params;
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = decodeValue(k, v);
    return params;
  }
  const text = body.toString('utf8');
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed);
  } catch {
    // Tolerate a urlencoded body without a content type.
    for (const [k, v] of new URLSearchParams(text)) params[k] = decodeValue(k, v);
  }
  return params;
}

function utf16(text: string): number {
  return text.length;
}

// --- parse_mode ------------------------------------------------------------------------------

interface Parsed {
  text: string;
  entities?: any[];
}

const HTML_TAGS: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

function byteOffset(source: string, index: number): number {
  return Buffer.byteLength(source.slice(0, index), 'utf8');
}

function parseHtml(source: string): Parsed {
  let out = '';
  const entities: any[] = [];
  const stack: Array<{ tag: string; offset: number; url?: string }> = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '<') {
      const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^>]*)?)\s*\/?>/.exec(source.slice(i));
      if (!m) throw bad(`can't parse entities: Unexpected end of name token at byte offset ${byteOffset(source, i)}`);
      const closing = m[1] === '/';
      const tag = m[2]!.toLowerCase();
      if (!(tag in HTML_TAGS)) {
        throw bad(
          `can't parse entities: Unsupported ${closing ? 'end' : 'start'} tag "${tag}" at byte offset ${byteOffset(source, i)}`,
        );
      }
      if (closing) {
        const open = stack.pop();
        if (!open || open.tag !== tag) {
          throw bad(
            `can't parse entities: Unmatched end tag at byte offset ${byteOffset(source, i)}, expected "</${open?.tag ?? ''}>", found "</${tag}>"`,
          );
        }
        const length = utf16(out) - open.offset;
        if (length > 0) {
          const entity: Record<string, any> = { type: HTML_TAGS[tag], offset: open.offset, length };
          if (open.url !== undefined) entity['url'] = open.url;
          entities.push(entity);
        }
      } else {
        const href = /href\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(m[3] ?? '');
        const url = href ? (href[1] ?? href[2] ?? '') : undefined;
        stack.push({ tag, offset: utf16(out), ...(tag === 'a' && url !== undefined ? { url: decodeHtmlEntities(url) } : {}) });
      }
      i += m[0].length;
      continue;
    }
    if (ch === '&') {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.exec(source.slice(i));
      if (m) {
        out += decodeHtmlEntities(m[0]);
        i += m[0].length;
        continue;
      }
    }
    out += ch;
    i += 1;
  }
  const open = stack.pop();
  if (open) throw bad(`can't parse entities: Can't find end tag corresponding to start tag "${open.tag}"`);
  entities.sort((a: { offset: number }, b: { offset: number }) => a.offset - b.offset);
  return entities.length > 0 ? { text: out, entities } : { text: out };
}

function decodeHtmlEntities(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/g, (_all, name: string) => {
    switch (name) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      default:
        return String.fromCodePoint(name.startsWith('#x') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
    }
  });
}

const MDV2_RESERVED = new Set('_*[]()~`>#+-=|{}.!'.split(''));

/** A MarkdownV2 parser good enough to catch unescaped reserved characters and unclosed entities. */
function parseMarkdownV2(source: string): Parsed {
  let out = '';
  const entities: any[] = [];
  const open = new Map<string, number>(); // marker -> offset in out
  const names: Record<string, string> = { '*': 'Bold', _: 'Italic', __: 'Underline', '~': 'Strikethrough', '||': 'Spoiler' };
  const types: Record<string, string> = { '*': 'bold', _: 'italic', __: 'underline', '~': 'strikethrough', '||': 'spoiler' };
  let linkStart: number | undefined;
  let i = 0;
  const toggle = (marker: string): void => {
    const start = open.get(marker);
    if (start === undefined) open.set(marker, utf16(out));
    else {
      open.delete(marker);
      if (utf16(out) > start) entities.push({ type: types[marker], offset: start, length: utf16(out) - start });
    }
  };
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined) throw bad(`can't parse entities: Character '\\' is reserved and must be escaped with the preceding '\\'`);
      out += next;
      i += 2;
      continue;
    }
    if (source.startsWith('```', i)) {
      const end = source.indexOf('```', i + 3);
      if (end === -1) throw bad(`can't parse entities: Can't find end of Pre entity at byte offset ${byteOffset(source, i)}`);
      let body = source.slice(i + 3, end);
      const nl = body.indexOf('\n');
      if (nl !== -1 && /^[^\s`]*$/.test(body.slice(0, nl))) body = body.slice(nl + 1);
      const start = utf16(out);
      out += body.replace(/\\([`\\])/g, '$1');
      entities.push({ type: 'pre', offset: start, length: utf16(out) - start });
      i = end + 3;
      continue;
    }
    if (ch === '`') {
      const end = source.indexOf('`', i + 1);
      if (end === -1) throw bad(`can't parse entities: Can't find end of Code entity at byte offset ${byteOffset(source, i)}`);
      const start = utf16(out);
      out += source.slice(i + 1, end).replace(/\\([`\\])/g, '$1');
      entities.push({ type: 'code', offset: start, length: utf16(out) - start });
      i = end + 1;
      continue;
    }
    if (source.startsWith('__', i) || source.startsWith('||', i)) {
      toggle(source.slice(i, i + 2));
      i += 2;
      continue;
    }
    if (ch === '*' || ch === '_' || ch === '~') {
      toggle(ch);
      i += 1;
      continue;
    }
    if (ch === '[' && linkStart === undefined) {
      linkStart = utf16(out);
      i += 1;
      continue;
    }
    if (ch === ']' && linkStart !== undefined && source[i + 1] === '(') {
      const end = source.indexOf(')', i + 2);
      if (end === -1) throw bad(`can't parse entities: Can't find end of a URL at byte offset ${byteOffset(source, i)}`);
      const url = source.slice(i + 2, end).replace(/\\([)\\])/g, '$1');
      if (utf16(out) > linkStart) entities.push({ type: 'text_link', offset: linkStart, length: utf16(out) - linkStart, url });
      linkStart = undefined;
      i = end + 1;
      continue;
    }
    if (ch === '>' && (i === 0 || source[i - 1] === '\n')) {
      i += 1; // blockquote marker; the entity itself is not modelled
      continue;
    }
    if (MDV2_RESERVED.has(ch)) {
      throw bad(`can't parse entities: Character '${ch}' is reserved and must be escaped with the preceding '\\'`);
    }
    out += ch;
    i += 1;
  }
  const [marker] = open.keys();
  if (marker !== undefined) {
    throw bad(`can't parse entities: Can't find end of ${names[marker] ?? marker} entity at byte offset ${byteOffset(source, source.length)}`);
  }
  if (linkStart !== undefined) throw bad(`can't parse entities: Can't find end of a link at byte offset ${byteOffset(source, source.length)}`);
  entities.sort((a: { offset: number }, b: { offset: number }) => a.offset - b.offset);
  return entities.length > 0 ? { text: out, entities } : { text: out };
}

function parseFormatted(text: string, parseMode: unknown, explicitEntities: unknown): Parsed {
  if (parseMode === 'HTML') return parseHtml(text);
  if (parseMode === 'MarkdownV2') return parseMarkdownV2(text);
  // Legacy "Markdown" is not parsed: the text is kept as sent.
  const entities = typeof explicitEntities === 'string' ? (JSON.parse(explicitEntities) as unknown) : explicitEntities;
  return Array.isArray(entities) && entities.length > 0 ? { text, entities } : { text };
}

// --- reply_markup ----------------------------------------------------------------------------

function parseMarkup(value: unknown): any {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw bad("can't parse reply keyboard markup JSON object");
    }
  }
  return value;
}

function validateMarkup(markup: any): void {
  if (markup === undefined) return;
  if (typeof markup !== 'object') throw bad("can't parse reply keyboard markup JSON object");
  if ('inline_keyboard' in markup) {
    const rows: unknown = markup.inline_keyboard;
    if (!Array.isArray(rows)) throw bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
    for (const row of rows) {
      if (!Array.isArray(row)) throw bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
      for (const button of row as any[]) {
        if (!button || typeof button !== 'object' || typeof button.text !== 'string') {
          throw bad("can't parse inline keyboard button: Field \"text\" must be of type String");
        }
        const kinds = Object.keys(button).filter((k) => k !== 'text' && button[k] !== undefined && button[k] !== null);
        if (kinds.length === 0) throw bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        if (typeof button.callback_data === 'string') {
          const bytes = Buffer.byteLength(button.callback_data, 'utf8');
          if (bytes === 0 || bytes > CALLBACK_DATA_MAX_BYTES) throw bad('BUTTON_DATA_INVALID');
        } else if (button.callback_data !== undefined) {
          throw bad("can't parse inline keyboard button: Field \"callback_data\" must be of type String");
        }
        if (button.url !== undefined && (typeof button.url !== 'string' || !/^(https?|tg):\/\/\S+$/i.test(button.url))) {
          throw bad('BUTTON_URL_INVALID');
        }
      }
    }
  } else if ('keyboard' in markup) {
    if (!Array.isArray(markup.keyboard)) throw bad('field "keyboard" of the ReplyKeyboardMarkup must be an Array');
  } else if (!('remove_keyboard' in markup) && !('force_reply' in markup)) {
    throw bad("can't parse reply keyboard markup JSON object");
  }
}

const isInline = (markup: any): boolean => Boolean(markup && typeof markup === 'object' && Array.isArray(markup.inline_keyboard));

function listButtons(markup: any): string {
  if (!isInline(markup)) return '(no inline keyboard)';
  const rows = (markup.inline_keyboard as any[][]).map((row) =>
    row.map((b) => `[${String(b.text)}${b.callback_data !== undefined ? ` → ${String(b.callback_data)}` : b.url !== undefined ? ` → url ${String(b.url)}` : ''}]`).join(' '),
  );
  return rows.join('\n  ');
}

function describeCall(c: ApiCall): string {
  let params = JSON.stringify(c.params);
  if (params.length > 300) params = `${params.slice(0, 300)}…`;
  return `${c.method} ${params}`;
}

// ---------------------------------------------------------------------------------------------

/**
 * Starts a fake Bot API server on 127.0.0.1 with a random port.
 *
 * @example
 * const tg = await startFakeTelegram();
 * const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
 * void bot.start();
 * tg.sendText(alice, '/start');
 * await tg.settle();
 * expect(tg.lastMessage(alice.id)?.text).toContain('Hello');
 * await bot.stop();
 * await tg.close();
 */
export async function startFakeTelegram(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = opts.token ?? '123456789:TEST-token';
  const botId = Number(token.split(':')[0]) || 123456789;
  const botInfo: UserFromGetMe = {
    id: botId,
    is_bot: true,
    first_name: 'Sarafan Test',
    username: 'sarafan_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
  const botUser = { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username };

  const calls: ApiCall[] = [];
  const chats = new Map<number, ChatState>();
  const queue: QueuedUpdate[] = [];
  const failures = new Map<string, Array<FakeApiError>>();
  const held = new Set<number>();
  const heldSockets: Array<import('node:net').Socket> = [];
  const drops = new Map<string, number>();
  const callbackQueries = new Map<string, { answered: boolean }>();
  const issuedFileIds = new Set<string>();
  const commands = new Map<string, unknown>();
  let webhookUrl = '';
  let allowedUpdates: string[] | undefined;
  let nextUpdateId = 1;
  let nextCallbackId = 1;
  let nextFileId = 1;
  let pendingPoll: PendingPoll | undefined;
  let inFlight = 0;
  let lastArrival = 0;
  let closed = false;

  // --- chat model --------------------------------------------------------------------------

  function chatOf(id: number, user?: FakeUser): ChatState {
    let chat = chats.get(id);
    if (!chat) {
      chat = { id, first_name: user?.first_name ?? 'User', nextMessageId: 1, messages: [] };
      chats.set(id, chat);
    }
    if (user) {
      chat.first_name = user.first_name;
      if (user.last_name !== undefined) chat.last_name = user.last_name;
      if (user.username !== undefined) chat.username = user.username;
    }
    return chat;
  }

  function chatObject(chat: ChatState): Record<string, any> {
    // Negative ids are groups, as in Telegram.
    if (chat.id < 0) return { id: chat.id, type: 'supergroup', title: chat.first_name };
    return {
      id: chat.id,
      type: 'private',
      first_name: chat.first_name,
      ...(chat.last_name !== undefined ? { last_name: chat.last_name } : {}),
      ...(chat.username !== undefined ? { username: chat.username } : {}),
    };
  }

  function userObject(user: FakeUser): Record<string, any> {
    return { ...user, is_bot: false };
  }

  function messageObject(m: StoredMessage): Record<string, any> {
    if (m.raw) return structuredClone(m.raw);
    const chat = chatOf(m.chat_id);
    const msg: Record<string, any> = { message_id: m.message_id, from: botUser, chat: chatObject(chat), date: m.date };
    if (m.edit_date !== undefined) msg['edit_date'] = m.edit_date;
    if (m.text !== undefined) {
      msg['text'] = m.text;
      if (m.entities) msg['entities'] = m.entities;
    }
    if (m.photoSizes) msg['photo'] = m.photoSizes;
    if (m.caption !== undefined) {
      msg['caption'] = m.caption;
      if (m.caption_entities) msg['caption_entities'] = m.caption_entities;
    }
    if (isInline(m.reply_markup)) msg['reply_markup'] = structuredClone(m.reply_markup);
    return msg;
  }

  function toSent(m: StoredMessage): SentMessage {
    const s: SentMessage = { message_id: m.message_id, chat_id: m.chat_id, deleted: m.deleted, edits: m.edits };
    if (m.text !== undefined) s.text = m.text;
    if (m.caption !== undefined) s.caption = m.caption;
    if (m.photo !== undefined) s.photo = m.photo;
    if (m.document !== undefined) s.document = m.document;
    if (m.reply_markup !== undefined) s.reply_markup = structuredClone(m.reply_markup);
    return s;
  }

  function userMessage(user: FakeUser, fields: Record<string, any>, chatId?: number): Record<string, any> {
    const chat = chatId === undefined ? chatOf(user.id, user) : chatOf(chatId);
    const message: Record<string, any> = {
      message_id: chat.nextMessageId++,
      from: userObject(user),
      chat: chatObject(chat),
      date: now(),
      ...fields,
    };
    chat.messages.push({
      message_id: message['message_id'] as number,
      chat_id: chat.id,
      fromBot: false,
      date: message['date'] as number,
      deleted: false,
      edits: 0,
      raw: message,
    });
    return pushUpdate({ message });
  }

  // --- updates & long polling --------------------------------------------------------------

  function updateType(update: Record<string, any>): string | undefined {
    return Object.keys(update).find((k) => k !== 'update_id');
  }

  function isAllowed(update: Record<string, any>): boolean {
    const type = updateType(update);
    if (allowedUpdates === undefined || allowedUpdates.length === 0) {
      return type !== 'chat_member' && type !== 'message_reaction' && type !== 'message_reaction_count';
    }
    return type !== undefined && allowedUpdates.includes(type);
  }

  function confirm(offset: number): void {
    if (!(offset > 0)) return;
    for (let i = queue.length - 1; i >= 0; i--) {
      if ((queue[i]!.update['update_id'] as number) < offset) queue.splice(i, 1);
    }
  }

  function takeUpdates(offset: number, limit: number): Record<string, any>[] {
    // Updates the bot does not subscribe to are dropped, like Telegram never stores them.
    for (let i = queue.length - 1; i >= 0; i--) if (!isAllowed(queue[i]!.update)) queue.splice(i, 1);
    const batch = queue.filter((q) => (q.update['update_id'] as number) >= offset).slice(0, Math.max(1, Math.min(100, limit)));
    for (const q of batch) q.fetched = true;
    return batch.map((q) => structuredClone(q.update));
  }

  function wakePoll(): void {
    const poll = pendingPoll;
    if (!poll) return;
    const updates = takeUpdates(poll.offset, poll.limit);
    if (updates.length === 0) return;
    pendingPoll = undefined;
    clearTimeout(poll.timer);
    reply(poll.res, { ok: true, result: updates });
  }

  function pushUpdate(update: Record<string, any>): Record<string, any> {
    if (closed) throw new Error('fake-telegram: pushUpdate after close()');
    const u = { ...update };
    if (typeof u['update_id'] !== 'number') u['update_id'] = nextUpdateId++;
    else nextUpdateId = Math.max(nextUpdateId, (u['update_id'] as number) + 1);
    queue.push({ update: u, fetched: false });
    wakePoll();
    return u;
  }

  // --- HTTP plumbing -----------------------------------------------------------------------

  function reply(res: http.ServerResponse, body: { ok: true; result: unknown } | ({ ok: false } & FakeApiError)): void {
    if (res.writableEnded || res.destroyed) return;
    const json = JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(json),
    };
    let status = 200;
    if (!body.ok) {
      status = body.error_code >= 100 && body.error_code <= 599 ? body.error_code : 400;
      const retryAfter = body.parameters?.['retry_after'];
      if (body.error_code === 429 && typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
    }
    res.writeHead(status, headers);
    res.end(json);
  }

  function fail(res: http.ServerResponse, e: FakeApiError): void {
    reply(res, {
      ok: false,
      error_code: e.error_code,
      description: e.description,
      ...(e.parameters !== undefined ? { parameters: e.parameters } : {}),
    });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks));
    });
    req.on('error', () => res.destroy());
  });
  server.keepAliveTimeout = 60_000;

  function handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z]+)\/?$/.exec(url.pathname);
    if (!m) {
      fail(res, { error_code: 404, description: 'Not Found' });
      return;
    }
    const method = m[2]!;
    let params: Record<string, any>;
    try {
      params = parseBody(req, body, url);
    } catch {
      params = {};
    }
    const call: ApiCall = { method, params, at: Date.now() };
    calls.push(call);
    lastArrival = Date.now();

    if (decodeURIComponent(m[1]!) !== token) {
      fail(res, { error_code: 401, description: 'Unauthorized' });
      return;
    }
    if (/^send/.test(method) && held.has(Number(params['chat_id']))) {
      heldSockets.push(req.socket);
      return;
    }
    const drop = drops.get(method) ?? 0;
    if (drop > 0) {
      drops.set(method, drop - 1);
      req.socket.destroy();
      return;
    }
    const queued = failures.get(method);
    if (queued && queued.length > 0) {
      fail(res, queued.shift()!);
      return;
    }
    if (opts.limits && /^(send(?!ChatAction)|copyMessage|forwardMessage)/.test(method)) {
      const now = Date.now();
      const chat = String(params['chat_id'] ?? '');
      while (sentTimes.length > 0 && sentTimes[0]!.at <= now - 60_000) sentTimes.shift();
      const lastSecond = sentTimes.filter((x) => x.at > now - 1000).length;
      const groupMinute = chat.startsWith('-') ? sentTimes.filter((x) => x.chat === chat).length : 0;
      if (lastSecond >= opts.limits.perSecond || groupMinute >= opts.limits.groupPerMinute) {
        refusedForRate++;
        call.refused = true;
        fail(res, { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
        return;
      }
      sentTimes.push({ at: now, chat });
    }
    if (method === 'getUpdates') {
      getUpdates(res, params);
      return;
    }
    inFlight++;
    res.on('close', () => inFlight--);
    try {
      const handler = handlers[method];
      if (!handler) throw new ApiError(404, 'Not Found: method not found');
      reply(res, { ok: true, result: handler(params) });
    } catch (e) {
      if (e instanceof ApiError) {
        fail(res, e.parameters ? { error_code: e.error_code, description: e.description, parameters: e.parameters } : e);
      } else {
        fail(res, { error_code: 500, description: `Internal Server Error: fake-telegram: ${String(e)}` });
      }
    }
  }

  const sentTimes: Array<{ at: number; chat: string }> = [];
  let refusedForRate = 0;
  const busyChecks: Array<() => boolean> = [];

  function getUpdates(res: http.ServerResponse, params: Record<string, any>, retried = false): void {
    if (webhookUrl !== '') {
      fail(res, {
        error_code: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
      return;
    }
    const offset = Number(params['offset'] ?? 0) || 0;
    const limit = params['limit'] === undefined ? 100 : Number(params['limit']) || 100;
    const timeout = Math.max(0, Number(params['timeout'] ?? 0) || 0);
    if (Array.isArray(params['allowed_updates'])) allowedUpdates = params['allowed_updates'] as string[];
    confirm(offset);
    // As Telegram: only timeout 0 answers at once; a limit does not (grammY's runner always sends one).
    const immediate = timeout === 0;

    if (!immediate && pendingPoll) {
      const other = pendingPoll;
      if (other.res.destroyed || other.res.socket?.destroyed) {
        forgetPoll(other);
      } else if (!retried) {
        // The previous poll may have just been aborted and its close not processed yet.
        setTimeout(() => getUpdates(res, params, true), 20);
        return;
      } else {
        fail(res, { error_code: 409, description: 'Conflict: terminated by other getUpdates request' });
        return;
      }
    }
    const updates = takeUpdates(offset, limit);
    if (updates.length > 0 || immediate) {
      reply(res, { ok: true, result: updates });
      return;
    }
    const poll: PendingPoll = {
      res,
      offset,
      limit,
      timer: setTimeout(() => {
        if (pendingPoll === poll) pendingPoll = undefined;
        reply(res, { ok: true, result: [] });
      }, timeout * 1000),
    };
    pendingPoll = poll;
    res.on('close', () => forgetPoll(poll));
  }

  function forgetPoll(poll: PendingPoll): void {
    clearTimeout(poll.timer);
    if (pendingPoll === poll) pendingPoll = undefined;
  }

  // --- Bot API methods ---------------------------------------------------------------------

  function chatIdOf(params: Record<string, any>): number {
    const raw: unknown = params['chat_id'];
    const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(id) || id === 0) throw bad('chat not found');
    return id;
  }

  function findMessage(params: Record<string, any>, what: 'edit' | 'delete'): StoredMessage {
    const chatId = chatIdOf(params);
    const messageId = Number(params['message_id']);
    const m = chats.get(chatId)?.messages.find((x) => x.message_id === messageId);
    if (!m || m.deleted) throw bad(`message to ${what} not found`);
    return m;
  }

  function resolvePhoto(params: Record<string, any>, value: unknown): string {
    if (value && typeof value === 'object' && (value as UploadedPart).upload) return `upload:${(value as UploadedPart).filename}`;
    if (typeof value !== 'string' || value === '') throw bad('there is no photo in the request');
    if (value.startsWith('attach://')) {
      const part: unknown = params[value.slice('attach://'.length)];
      if (!part || typeof part !== 'object') throw bad('wrong file identifier/HTTP URL specified');
      return `upload:${(part as UploadedPart).filename}`;
    }
    if (/^https?:\/\/\S+$/i.test(value) || issuedFileIds.has(value) || /^[A-Za-z0-9_-]{20,}$/.test(value)) return value;
    throw bad('wrong file identifier/HTTP URL specified');
  }

  function photoSizes(): PhotoSize[] {
    const n = nextFileId++;
    const sizes = [
      { file_id: `AgACAgIAAxkBAAFake${n}ThumbSize90`, file_unique_id: `AQAFake${n}s`, width: 90, height: 90, file_size: 1_500 },
      { file_id: `AgACAgIAAxkBAAFake${n}LargeSize800`, file_unique_id: `AQAFake${n}x`, width: 800, height: 800, file_size: 60_000 },
    ];
    for (const s of sizes) issuedFileIds.add(s.file_id);
    return sizes;
  }

  function parseCaption(params: Record<string, any>, caption: unknown, parseMode: unknown, entities: unknown): Parsed | undefined {
    if (caption === undefined || caption === null || caption === '') return undefined;
    const parsed = parseFormatted(String(caption), parseMode ?? params['parse_mode'], entities);
    if (utf16(parsed.text) > CAPTION_MAX) throw bad('message caption is too long');
    return parsed;
  }

  function parseMessageText(params: Record<string, any>): Parsed {
    const raw: unknown = params['text'];
    if (raw === undefined || raw === null || String(raw).trim() === '') throw bad('message text is empty');
    const parsed = parseFormatted(String(raw), params['parse_mode'], params['entities']);
    if (parsed.text.trim() === '') throw bad('message text is empty');
    if (utf16(parsed.text) > TEXT_MAX) throw bad('message is too long');
    return parsed;
  }

  function markupOf(params: Record<string, any>): any {
    const markup = parseMarkup(params['reply_markup']);
    validateMarkup(markup);
    return markup;
  }

  function storeBotMessage(chat: ChatState, fields: Partial<StoredMessage>, markup: any): StoredMessage {
    const m: StoredMessage = {
      message_id: chat.nextMessageId++,
      chat_id: chat.id,
      fromBot: true,
      date: now(),
      deleted: false,
      edits: 0,
      ...fields,
    };
    if (markup !== undefined) m.reply_markup = markup;
    if (markup && 'keyboard' in markup) chat.replyKeyboard = markup;
    if (markup && 'remove_keyboard' in markup) delete chat.replyKeyboard;
    chat.messages.push(m);
    return m;
  }

  function setText(m: StoredMessage, parsed: Parsed): void {
    m.text = parsed.text;
    if (parsed.entities) m.entities = parsed.entities;
    else delete m.entities;
  }

  function setCaption(m: StoredMessage, parsed: Parsed | undefined): void {
    if (parsed) {
      m.caption = parsed.text;
      if (parsed.entities) m.caption_entities = parsed.entities;
      else delete m.caption_entities;
    } else {
      delete m.caption;
      delete m.caption_entities;
    }
  }

  /** Edits replace the inline keyboard: omitting reply_markup removes it, like Telegram. */
  function editableMarkup(params: Record<string, any>): any {
    const markup = markupOf(params);
    if (markup !== undefined && !isInline(markup)) throw bad('inline keyboard expected');
    return markup;
  }

  function sameMarkup(a: any, b: any): boolean {
    const norm = (x: any): string => (isInline(x) ? stableStringify(x) : '');
    return norm(a) === norm(b);
  }

  function touch(m: StoredMessage, markup: any): void {
    if (markup === undefined) delete m.reply_markup;
    else m.reply_markup = markup;
    m.edits++;
    m.edit_date = now();
  }

  const NOT_MODIFIED =
    'message is not modified: specified new message content and reply markup are exactly the same as a specified content and reply markup of the current message';

  function checkEditable(m: StoredMessage): void {
    if (!m.fromBot) throw bad("message can't be edited");
  }

  const handlers: Record<string, (p: Record<string, any>) => unknown> = {
    getMe: () => botInfo,
    logOut: () => true,
    close: () => true,
    deleteWebhook: (p) => {
      webhookUrl = '';
      if (p['drop_pending_updates'] === true) queue.splice(0, queue.length);
      return true;
    },
    setWebhook: (p) => {
      const url = typeof p['url'] === 'string' ? p['url'] : '';
      if (url !== '' && !/^https:\/\//i.test(url)) throw bad('bad webhook: An HTTPS URL must be provided for webhook');
      webhookUrl = url;
      if (p['drop_pending_updates'] === true) queue.splice(0, queue.length);
      return true;
    },
    getWebhookInfo: () => ({
      url: webhookUrl,
      has_custom_certificate: false,
      pending_update_count: queue.length,
      ...(allowedUpdates && allowedUpdates.length > 0 ? { allowed_updates: allowedUpdates } : {}),
    }),
    setMyCommands: (p) => {
      const list = typeof p['commands'] === 'string' ? (JSON.parse(p['commands']) as unknown) : p['commands'];
      if (!Array.isArray(list)) throw bad('commands must be an Array');
      for (const c of list as Array<Record<string, unknown>>) {
        if (typeof c['command'] !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c['command'])) throw bad('BOT_COMMAND_INVALID');
        if (typeof c['description'] !== 'string' || c['description'].length === 0 || c['description'].length > 256) {
          throw bad('BOT_COMMAND_DESCRIPTION_INVALID');
        }
      }
      commands.set(stableStringify([p['scope'] ?? { type: 'default' }, p['language_code'] ?? '']), list);
      return true;
    },
    getMyCommands: (p) => commands.get(stableStringify([p['scope'] ?? { type: 'default' }, p['language_code'] ?? ''])) ?? [],
    deleteMyCommands: (p) => {
      commands.delete(stableStringify([p['scope'] ?? { type: 'default' }, p['language_code'] ?? '']));
      return true;
    },
    sendChatAction: (p) => {
      chatIdOf(p);
      if (typeof p['action'] !== 'string' || p['action'] === '') throw bad('wrong parameter action in request');
      return true;
    },
    sendMessage: (p) => {
      const chat = chatOf(chatIdOf(p));
      const parsed = parseMessageText(p);
      const markup = markupOf(p);
      const m = storeBotMessage(chat, {}, markup);
      setText(m, parsed);
      return messageObject(m);
    },
    sendDocument: (p) => {
      const chat = chatOf(chatIdOf(p));
      const value: unknown = p['document'];
      const part = (typeof value === 'string' && value.startsWith('attach://') ? p[value.slice('attach://'.length)] : value) as UploadedPart | undefined;
      if (!part || typeof part !== 'object' || !part.upload) throw bad('there is no document in the request');
      const caption = parseCaption(p, p['caption'], p['parse_mode'], p['caption_entities']);
      const m = storeBotMessage(chat, { document: { filename: part.filename, ...(part.text !== undefined ? { text: part.text } : {}) } }, markupOf(p));
      setCaption(m, caption);
      return messageObject(m);
    },
    sendPhoto: (p) => {
      const chat = chatOf(chatIdOf(p));
      const photo = resolvePhoto(p, p['photo']);
      const caption = parseCaption(p, p['caption'], p['parse_mode'], p['caption_entities']);
      const markup = markupOf(p);
      const m = storeBotMessage(chat, { photo, photoSizes: photoSizes() }, markup);
      setCaption(m, caption);
      return messageObject(m);
    },
    editMessageText: (p) => {
      if (p['inline_message_id'] !== undefined) return true;
      const m = findMessage(p, 'edit');
      checkEditable(m);
      if (m.text === undefined) throw bad('there is no text in the message to edit');
      const parsed = parseMessageText(p);
      const markup = editableMarkup(p);
      if (
        parsed.text === m.text &&
        stableStringify(parsed.entities ?? []) === stableStringify(m.entities ?? []) &&
        sameMarkup(markup, m.reply_markup)
      ) {
        throw bad(NOT_MODIFIED);
      }
      setText(m, parsed);
      touch(m, markup);
      return messageObject(m);
    },
    editMessageCaption: (p) => {
      if (p['inline_message_id'] !== undefined) return true;
      const m = findMessage(p, 'edit');
      checkEditable(m);
      if (m.photo === undefined) throw bad('there is no caption in the message to edit');
      const caption = parseCaption(p, p['caption'], p['parse_mode'], p['caption_entities']);
      const markup = editableMarkup(p);
      if (
        (caption?.text ?? '') === (m.caption ?? '') &&
        stableStringify(caption?.entities ?? []) === stableStringify(m.caption_entities ?? []) &&
        sameMarkup(markup, m.reply_markup)
      ) {
        throw bad(NOT_MODIFIED);
      }
      setCaption(m, caption);
      touch(m, markup);
      return messageObject(m);
    },
    editMessageMedia: (p) => {
      if (p['inline_message_id'] !== undefined) return true;
      const m = findMessage(p, 'edit');
      checkEditable(m);
      let media: unknown = p['media'];
      if (typeof media === 'string') {
        try {
          media = JSON.parse(media) as unknown;
        } catch {
          throw bad("can't parse InputMedia JSON object");
        }
      }
      if (!media || typeof media !== 'object') throw bad("can't parse InputMedia JSON object");
      const input = media as Record<string, any>;
      if (m.photo === undefined) throw bad('there is no media in the message to edit');
      if (input['type'] !== 'photo') throw bad(`fake-telegram supports only photo media, got ${String(input['type'])}`);
      const photo = resolvePhoto(p, input['media']);
      const caption = parseCaption(p, input['caption'], input['parse_mode'], input['caption_entities']);
      const markup = editableMarkup(p);
      if (
        photo === m.photo &&
        (caption?.text ?? '') === (m.caption ?? '') &&
        stableStringify(caption?.entities ?? []) === stableStringify(m.caption_entities ?? []) &&
        sameMarkup(markup, m.reply_markup)
      ) {
        throw bad(NOT_MODIFIED);
      }
      m.photo = photo;
      m.photoSizes = photoSizes();
      setCaption(m, caption);
      touch(m, markup);
      return messageObject(m);
    },
    editMessageReplyMarkup: (p) => {
      if (p['inline_message_id'] !== undefined) return true;
      const m = findMessage(p, 'edit');
      checkEditable(m);
      const markup = editableMarkup(p);
      if (sameMarkup(markup, m.reply_markup)) throw bad(NOT_MODIFIED);
      touch(m, markup);
      return messageObject(m);
    },
    deleteMessage: (p) => {
      const m = findMessage(p, 'delete');
      m.deleted = true;
      return true;
    },
    deleteMessages: (p) => {
      const chatId = chatIdOf(p);
      const ids = (typeof p['message_ids'] === 'string' ? JSON.parse(p['message_ids']) : p['message_ids']) as unknown;
      if (!Array.isArray(ids) || ids.length === 0) throw bad('message identifiers are not specified');
      for (const id of ids) {
        const m = chats.get(chatId)?.messages.find((x) => x.message_id === Number(id));
        if (m) m.deleted = true;
      }
      return true;
    },
    answerCallbackQuery: (p) => {
      const id = String(p['callback_query_id'] ?? '');
      const q = callbackQueries.get(id);
      if (!q || q.answered) throw bad('query is too old and response timeout expired or query ID is invalid');
      if (typeof p['text'] === 'string' && p['text'].length > 200) throw bad('MESSAGE_TOO_LONG');
      q.answered = true;
      return true;
    },
  };

  // --- user actions ------------------------------------------------------------------------

  function pressOn(user: FakeUser, m: StoredMessage | undefined, messageId: number, dataOrLabel: string): Record<string, any> {
    if (!m?.fromBot) throw new Error(`fake-telegram: no bot message ${messageId} in chat ${m?.chat_id ?? user.id}`);
    if (m.deleted) throw new Error(`fake-telegram: message ${messageId} in chat ${user.id} was deleted`);
    const buttons = isInline(m.reply_markup) ? (m.reply_markup.inline_keyboard as any[][]).flat() : [];
    const button =
      buttons.find((b) => b.callback_data === dataOrLabel) ?? buttons.find((b) => b.text === dataOrLabel);
    if (!button) {
      throw new Error(
        `fake-telegram: no button "${dataOrLabel}" on message ${messageId} in chat ${user.id}; available:\n  ${listButtons(m.reply_markup)}`,
      );
    }
    if (typeof button.callback_data !== 'string') {
      throw new Error(`fake-telegram: button "${String(button.text)}" has no callback_data (${JSON.stringify(button)})`);
    }
    const id = `${botId}${String(nextCallbackId++).padStart(6, '0')}`;
    callbackQueries.set(id, { answered: false });
    if (m.chat_id === user.id) chatOf(user.id, user);
    return pushUpdate({
      callback_query: {
        id,
        from: userObject(user),
        message: messageObject(m),
        chat_instance: `-${user.id}${botId}`,
        data: button.callback_data as string,
      },
    });
  }

  const visible = (chatId: number, includeDeleted = false): StoredMessage[] =>
    (chats.get(chatId)?.messages ?? []).filter((m) => m.fromBot && (includeDeleted || !m.deleted));

  async function poll(check: () => string | undefined, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pending = check();
      if (pending === undefined) return;
      if (Date.now() >= deadline) {
        const last = calls.slice(-10).map(describeCall).join('\n  ');
        throw new Error(`fake-telegram: ${what} timed out after ${timeoutMs} ms (${pending}); last calls:\n  ${last || '(none)'}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const tg: FakeTelegram = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botInfo,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    pushUpdate,
    sendText(user, text) {
      const command = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?/.exec(text);
      return userMessage(user, {
        text,
        ...(command ? { entities: [{ offset: 0, length: command[0].length, type: 'bot_command' }] } : {}),
      });
    },
    shareContact(user, phone, o = {}) {
      const contact: Record<string, any> = o.foreign
        ? { phone_number: phone, first_name: 'Contact' }
        : {
            phone_number: phone,
            first_name: user.first_name,
            ...(user.last_name !== undefined ? { last_name: user.last_name } : {}),
            user_id: user.id,
          };
      return userMessage(user, { contact });
    },
    sendMessageOf: (user, fields) => userMessage(user, fields),
    group(chatId, title) {
      if (chatId >= 0) throw new Error('fake-telegram: group ids are negative');
      chatOf(chatId).first_name = title;
    },
    sendGroupText: (chatId, user, text, replyTo) =>
      userMessage(user, { text, ...(replyTo !== undefined ? { reply_to_message: messageObject(chats.get(chatId)!.messages.find((m) => m.message_id === replyTo)!) } : {}) }, chatId),
    pressLatestIn(chatId, user, dataOrLabel) {
      const m = visible(chatId)
        .filter((x) => isInline(x.reply_markup))
        .at(-1);
      if (!m) throw new Error(`fake-telegram: no bot message with an inline keyboard in chat ${chatId}`);
      return pressOn(user, m, m.message_id, dataOrLabel);
    },
    pressButton(user, messageId, dataOrLabel, chatId = user.id) {
      const m = chats.get(chatId)?.messages.find((x) => x.message_id === messageId);
      return pressOn(user, m, messageId, dataOrLabel);
    },
    pressLatest(user, dataOrLabel) {
      const m = visible(user.id)
        .filter((x) => isInline(x.reply_markup))
        .at(-1);
      if (!m) {
        const shown = visible(user.id).map((x) => `#${x.message_id} ${JSON.stringify(x.text ?? x.caption ?? '')}`);
        throw new Error(
          `fake-telegram: no bot message with an inline keyboard in chat ${user.id}; visible messages: ${shown.join(', ') || '(none)'}`,
        );
      }
      return pressOn(user, m, m.message_id, dataOrLabel);
    },
    chat: (chatId, o = {}) => visible(chatId, o.includeDeleted ?? false).map(toSent),
    lastMessage(chatId) {
      const m = visible(chatId).at(-1);
      return m ? toSent(m) : undefined;
    },
    replyKeyboard: (chatId) => {
      const k: unknown = chats.get(chatId)?.replyKeyboard;
      return k === undefined ? undefined : structuredClone(k);
    },
    failNext(method, error, times = 1) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(error);
      failures.set(method, list);
    },
    dropNext(method) {
      drops.set(method, (drops.get(method) ?? 0) + 1);
    },
    holdChat(chatId, hold) {
      if (hold) held.add(chatId);
      else {
        held.delete(chatId);
        for (const socket of heldSockets.splice(0)) socket.destroy();
      }
    },
    waitFor: (predicate, timeoutMs = 3000) =>
      poll(() => (predicate(calls) ? undefined : 'predicate still false'), timeoutMs, 'waitFor'),
    settle: (timeoutMs = 3000, quietMs = 50) =>
      poll(
        () => {
          if (queue.length > 0) {
            const fetched = queue.filter((q) => q.fetched).length;
            return `${queue.length} update(s) not confirmed, ${fetched} of them fetched`;
          }
          if (inFlight > 0) return `${inFlight} request(s) being answered`;
          if (busyChecks.some((busy) => busy())) return 'the bot is still handling updates it fetched';
          if (Date.now() - lastArrival < quietMs) return `a request arrived less than ${quietMs} ms ago`;
          return undefined;
        },
        timeoutMs,
        'settle',
      ),
    alsoWaitFor(busy) {
      busyChecks.push(busy);
    },
    tooManyRequests: () => refusedForRate,
    async close() {
      if (closed) return;
      closed = true;
      if (pendingPoll) forgetPoll(pendingPoll);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return tg;
}
