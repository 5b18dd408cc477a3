/**
 * A fake VK API server for tests: a real HTTP server on 127.0.0.1 that a real vk-io `VK` talks to
 * through
 *
 * ```ts
 * new VK({ token: vk.token, apiBaseUrl: vk.apiBaseUrl, agent: new http.Agent(), pollingGroupId: vk.groupId,
 *          apiLimit: 20, apiWait: 300, apiRetryLimit: 1 })
 * ```
 *
 * (vk-io's default agent is an https one: without an `http.Agent` every request to an `http://` URL
 * fails with "Protocol http: not supported"; the agent is also used for long poll and uploads.)
 *
 * It serves, on one port:
 * - `POST /method/<name>`: the API (form-encoded, `access_token` + `v`), answering `{ response }` or
 *   `{ error: { error_code, error_msg, request_params } }` with HTTP 200 either way, like VK;
 * - `GET /longpoll/<server>?act=a_check&key=…&ts=…&wait=…`: the Bots Long Poll server that
 *   `groups.getLongPollServer` hands out;
 * - `POST /upload/photo?…`: the photo upload server of `photos.getMessagesUploadServer`;
 * - `GET /pictures/<name>.jpg`: a tiny valid JPEG, so code under test can "download product pictures".
 *
 * It keeps a little model of the group's dialogs with users (user and bot messages with global message
 * ids and per-dialog `conversation_message_id`s, keyboards, carousels, edits, deletions) and validates
 * `messages.send` / `messages.edit` roughly like VK does (empty / too long text, keyboard and carousel
 * limits, `random_id` deduplication). Private dialogs are modelled, and group chats (peer ids above
 * 2000000000) as far as writing and pressing buttons in them goes.
 *
 * Deliberate deviation: `groups.getLongPollServer` returns as `ts` the oldest update not yet delivered,
 * so updates queued before `vk.updates.startPolling()` are delivered (real VK would skip them).
 *
 * @module
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/** A VK user who writes to the group; the dialog's `peer_id` is the user id. */
export interface VkUser {
  id: number;
  first_name: string;
  last_name?: string;
  /** The client's language as VK reports it in `client_info.lang_id`: 0 Russian (default), 3 English. */
  lang_id?: number;
}

/** A message the bot (the group) sent, as it currently looks in the dialog. */
export interface VkSentMessage {
  message_id: number;
  conversation_message_id: number;
  peer_id: number;
  text: string;
  /** The keyboard sent with the message (parsed JSON), if any; `undefined` when none or removed by an edit. */
  keyboard?: any;
  /** The `attachment` parameter as sent (comma list such as `photo-123_456_abc`). */
  attachment?: string;
  /** The `template` (carousel) sent with the message (parsed JSON), if any. */
  template?: any;
  random_id: number;
  deleted: boolean;
  /** How many times `messages.edit` changed the message. */
  edits: number;
}

/**
 * One request that reached the fake, in arrival order. API calls have the method name
 * (`messages.send`, …) and their form/query parameters as strings (`access_token` and `v` included).
 * The other routes are recorded too, under names without a dot so they never clash with API methods:
 * - `longpoll`: a long poll request, params = its query (`act`, `key`, `ts`, `wait`, `mode`, `version`);
 * - `upload`: a photo upload, params = query + text fields; a file part appears as
 *   `<field>: <filename>` plus `<field>.size` (bytes) and `<field>.type` (content type);
 * - `picture`: a `GET /pictures/…` download, params = `{ name }`.
 */
export interface VkApiCall {
  method: string;
  params: Record<string, string>;
  /** `Date.now()` when the request arrived. */
  at: number;
}

/** A VK API error as VK returns it in `{ error: … }`; extra fields (e.g. `captcha_sid`) are passed through. */
export interface VkApiErrorPayload {
  error_code: number;
  error_msg: string;
  [extra: string]: unknown;
}

/** A running fake VK API server; see {@link startFakeVk}. */
export interface FakeVk {
  /** `http://127.0.0.1:PORT/method`: pass it as vk-io's `apiBaseUrl`. */
  apiBaseUrl: string;
  /** The access token the server accepts; any other gets error 5 "User authorization failed". */
  token: string;
  /** The group (community) id: pass it as vk-io's `pollingGroupId`. */
  groupId: number;
  /** Every request, in arrival order (see {@link VkApiCall} for the non-API entries). */
  calls: VkApiCall[];
  /** The calls of one method (or `longpoll` / `upload` / `picture`), in order. */
  callsOf(method: string): VkApiCall[];
  /**
   * Queues a raw update (`{ type, object }`) and wakes a pending long poll; `event_id` (a unique
   * string), `group_id` and `v` are filled in when absent. A `message_event` becomes answerable with
   * `messages.sendMessageEventAnswer`. Returns the queued update.
   */
  pushUpdate(update: Record<string, any>): Record<string, any>;
  /**
   * The user writes `text` to the group: queues a `message_new` with a new message in the user's dialog.
   * `opts.payload` simulates a text-button press (an object is JSON-encoded, a string is sent as is);
   * `opts.ref` simulates a deep link (`vk.me/club1?ref=…`): `message.ref` and `message.ref_source` are both set to it;
   * `opts.clientInfo` is merged over the default `client_info` (e.g. `{ button_actions: ['text'], carousel: false }`);
   * `opts.attachments` become `message.attachments`. Returns the queued update.
   */
  sendText(
    user: VkUser,
    text: string,
    opts?: { payload?: unknown; ref?: string; clientInfo?: Record<string, any>; attachments?: any[] },
  ): Record<string, any>;
  /**
   * The user presses a keyboard button. Looks at bot message `messageId` (a `message_id`) in the user's
   * dialog, or when omitted at the last visible bot message with a non-empty keyboard, and picks the
   * button whose label equals `labelOrPayload`, else whose payload string equals it, else whose label
   * contains it; throws an error listing the available buttons if none.
   * A `callback` button queues a `message_event` (payload parsed to an object); a `text` button queues a
   * `message_new` with text = label and `payload` = the button's payload string.
   * Returns the queued update.
   */
  press(user: VkUser, labelOrPayload: string, messageId?: number): Record<string, any>;
  /**
   * The user presses a button of a carousel element: searches the user's dialog from the newest bot
   * message with a carousel for an element whose title contains `titlePart` and a button whose label
   * contains `labelPart`; then behaves like {@link FakeVk.press}. Throws listing the elements if none.
   */
  pressCarousel(user: VkUser, titlePart: string, labelPart: string): Record<string, any>;
  /** The user writes `text` in a group chat (peer id ≥ 2000000001) the community is a member of. */
  sendChatText(peerId: number, user: VkUser, text: string): Record<string, any>;
  /** The user presses a button on the last bot message with a keyboard in a group chat (as {@link FakeVk.press}). */
  pressInChat(peerId: number, user: VkUser, labelOrPayload: string): Record<string, any>;
  /** Bot messages in the dialog as currently shown (deleted ones only with `includeDeleted`), oldest first. */
  messages(peerId: number, opts?: { includeDeleted?: boolean }): VkSentMessage[];
  /** The last visible bot message in the dialog. */
  lastMessage(peerId: number): VkSentMessage | undefined;
  /** How many photos were uploaded to the upload server so far (valid images only). */
  readonly uploads: number;
  /** Documents saved with docs.save (uploaded reports), with their text. */
  readonly docs: ReadonlyArray<{ id: number; filename: string; text: string }>;
  /**
   * A URL on this server that serves a tiny valid JPEG (`image/jpeg`, the name embedded as a JPEG
   * comment so different names give different bytes). `.jpg` is appended unless `name` has an
   * extension. Names starting with `missing` answer 404, to test download failures.
   */
  pictureUrl(name: string): string;
  /**
   * The next `times` (default 1) calls of API `method` fail with this error, e.g.
   * `{ error_code: 901, error_msg: "Can't send messages for users without permission" }`.
   * (vk-io retries error 6 forever, about once a second, and throws the others to the caller.)
   */
  failNext(method: string, error: VkApiErrorPayload, times?: number): void;
  /**
   * The next long poll request is answered with this failure instead of updates; a poll already being
   * held is answered at once. `failed: 1` carries a new `ts` (default: the oldest undelivered update, so
   * nothing is lost); `failed: 2` (key expired) and `failed: 3` (information lost) invalidate the key, so
   * vk-io calls `groups.getLongPollServer` again.
   */
  failPoll(answer: { failed: 1 | 2 | 3; ts?: number }): void;
  /** Resolves when `predicate(calls)` is true (checked every 10 ms); rejects after `timeoutMs` (default 3000) listing the last calls. */
  waitFor(predicate: (calls: VkApiCall[]) => boolean, timeoutMs?: number): Promise<void>;
  /**
   * Resolves once every queued update was delivered to a long poll, a long poll arrived after the last
   * answered one (or nobody ever polled), no queued `failPoll` is pending for a running poller, no
   * API / upload / picture request is being answered, and nothing arrived or finished for `quietMs`.
   * Rejects after `timeoutMs` (default 3000) saying what it still waits for.
   *
   * `quietMs` defaults to 150, not less: vk-io's sequential worker spaces API requests by
   * `ceil(1133 / apiLimit)` ms (57 ms with `apiLimit: 20`), so a handler's second call can arrive
   * ~55 ms after its first one was answered.
   */
  settle(timeoutMs?: number, quietMs?: number): Promise<void>;
  /** Makes {@link FakeVk.settle} also wait while `busy()` is true (the bot still handles updates it has read). */
  alsoWaitFor(busy: () => boolean): void;
  /**
   * Answers held long polls with no updates (vk-io's `updates.stop()` does not abort its pending
   * poll; a stopped poller then exits its loop), closes all connections and stops the server.
   */
  close(): Promise<void>;
}

/** Options of {@link startFakeVk}. */
export interface FakeVkOptions {
  /** The group access token to accept. Default `vk1.a.TEST-group-token`. */
  token?: string;
  /** The group id. Default 200000001. */
  groupId?: number;
}

// ---------------------------------------------------------------------------------------------
// Internals

class VkError extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
  ) {
    super(msg);
  }
}

const invalid = (what: string): VkError => new VkError(100, `One of the parameters specified was missing or invalid: ${what}`);
const keyboardInvalid = (what: string): VkError => new VkError(911, `Keyboard format is invalid: ${what}`);
const templateInvalid = (what: string): VkError => invalid(`template is invalid: ${what}`);

const API_VERSION = '5.199';
const MESSAGE_MAX = 4096;
const LABEL_MAX = 40;
const PAYLOAD_MAX = 255;
const CAROUSEL_TEXT_MAX = 80;

const DEFAULT_CLIENT_INFO = {
  button_actions: ['text', 'vkpay', 'open_app', 'location', 'open_link', 'callback', 'intent_subscribe', 'intent_unsubscribe'],
  keyboard: true,
  inline_keyboard: true,
  carousel: true,
  lang_id: 0,
};

const BUTTON_TYPES = new Set([
  'text',
  'callback',
  'open_link',
  'location',
  'vkpay',
  'open_app',
  'intent_subscribe',
  'intent_unsubscribe',
]);
const BUTTON_COLORS = new Set(['primary', 'secondary', 'negative', 'positive']);
const ATTACHMENT_RE = /^(photo|video|audio|doc|wall|wall_reply|market|market_album|poll|story|audio_playlist|graffiti|podcast|article)-?\d+_\d+(_[A-Za-z0-9]+)?$/;

const now = (): number => Math.floor(Date.now() / 1000);
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const chars = (s: string): number => [...s].length;

interface StoredMessage {
  id: number;
  cmid: number;
  peer_id: number;
  from_id: number;
  out: boolean;
  date: number;
  text: string;
  keyboard?: any;
  attachment?: string;
  template?: any;
  random_id: number;
  deleted: boolean;
  edits: number;
}

interface Dialog {
  peerId: number;
  nextCmid: number;
  messages: StoredMessage[];
}

interface QueuedEvent {
  seq: number;
  update: Record<string, any>;
  delivered: boolean;
}

interface PendingPoll {
  res: http.ServerResponse;
  key: string;
  ts: number;
  timer: NodeJS.Timeout;
}

interface PollFailure {
  failed: 1 | 2 | 3;
  ts?: number;
}

interface MessageContent {
  text: string;
  keyboard?: any;
  attachment?: string;
  template?: any;
}

interface FilePart {
  filename: string;
  type: string;
  data: Buffer;
}

interface UploadedPhoto {
  id: number;
  access_key: string;
  saved: boolean;
}

type Params = Record<string, string>;

/** Splits a multipart/form-data body; tolerant of header case, quoting and bare LF line ends. */
function parseMultipart(body: Buffer, boundary: string): { fields: Params; files: Record<string, FilePart> } {
  const fields: Params = {};
  const files: Record<string, FilePart> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    let part = body.subarray(start, next);
    if (part.subarray(0, 2).toString() === '\r\n') part = part.subarray(2);
    else if (part.subarray(0, 1).toString() === '\n') part = part.subarray(1);
    if (part.subarray(part.length - 2).toString() === '\r\n') part = part.subarray(0, part.length - 2);
    else if (part.subarray(part.length - 1).toString() === '\n') part = part.subarray(0, part.length - 1);
    let headerEnd = part.indexOf('\r\n\r\n');
    let sep = 4;
    if (headerEnd === -1) {
      headerEnd = part.indexOf('\n\n');
      sep = 2;
    }
    const headers = (headerEnd === -1 ? part : part.subarray(0, headerEnd)).toString('utf8');
    const content = headerEnd === -1 ? Buffer.alloc(0) : part.subarray(headerEnd + sep);
    const name = /\bname="([^"]*)"/i.exec(headers)?.[1] ?? /\bname=([^;\s]+)/i.exec(headers)?.[1];
    if (name !== undefined) {
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1] ?? /filename=([^;\s]+)/i.exec(headers)?.[1];
      if (filename !== undefined) {
        const type = /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
        files[name] = { filename, type, data: content };
      } else {
        fields[name] = content.toString('utf8');
      }
    }
    pos = next;
  }
  return { fields, files };
}

/** True if the bytes start like a JPEG, PNG, GIF or WebP image. */
function looksLikeImage(data: Buffer): boolean {
  if (data.length < 12) return false;
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return true;
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return true;
  const head = data.subarray(0, 6).toString('latin1');
  if (head === 'GIF87a' || head === 'GIF89a') return true;
  return data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP';
}

/**
 * A 1×1 grey baseline JPEG (decodes with libjpeg / gdk-pixbuf) with `comment` in a COM segment, so
 * every picture name gives distinct bytes.
 */
function tinyJpeg(comment: string): Buffer {
  const segment = (marker: number, body: Buffer): Buffer =>
    Buffer.concat([Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
  const oneCodeTable = (tableClass: number): Buffer => Buffer.from([tableClass, 1, ...new Array<number>(15).fill(0), 0]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]), // SOI
    segment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0])), // APP0 JFIF
    segment(0xfe, Buffer.from(comment.slice(0, 200), 'utf8')), // COM
    segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])), // DQT
    segment(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])), // SOF0: 1×1, one component
    segment(0xc4, oneCodeTable(0x00)), // DHT DC: one code "0" → category 0
    segment(0xc4, oneCodeTable(0x10)), // DHT AC: one code "0" → EOB
    segment(0xda, Buffer.from([1, 1, 0, 0, 63, 0])), // SOS
    Buffer.from([0x3f]), // DC 0, EOB, padding ones
    Buffer.from([0xff, 0xd9]), // EOI
  ]);
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function isJsonString(raw: string): boolean {
  try {
    JSON.parse(raw);
    return true;
  } catch {
    return false;
  }
}

/** Validates one keyboard / carousel button like VK; `fail` builds the error. */
function validateButton(button: unknown, fail: (what: string) => VkError): void {
  if (!button || typeof button !== 'object') throw fail('button should be object');
  const b = button as Record<string, any>;
  const action = b['action'] as Record<string, any> | undefined;
  if (!action || typeof action !== 'object') throw fail('action should be object');
  const type: unknown = action['type'];
  if (typeof type !== 'string' || !BUTTON_TYPES.has(type)) throw fail(`action.type is invalid: ${String(type)}`);
  if (type === 'text' || type === 'callback' || type === 'open_link' || type === 'open_app') {
    const label: unknown = action['label'];
    if (typeof label !== 'string' || label.length === 0) throw fail('action.label is required');
    if (chars(label) > LABEL_MAX) throw fail(`action.label is too long (max ${LABEL_MAX}): ${label}`);
  }
  if (type === 'open_link') {
    const link: unknown = action['link'];
    if (typeof link !== 'string' || !/^https?:\/\/\S+$/i.test(link)) throw fail('action.link is invalid');
  }
  if (action['payload'] !== undefined) {
    const payload: unknown = action['payload'];
    if (typeof payload !== 'string') throw fail('action.payload should be string');
    if (payload.length > PAYLOAD_MAX) throw fail(`action.payload is too long (max ${PAYLOAD_MAX})`);
    if (!isJsonString(payload)) throw fail('action.payload should be valid json');
  }
  if (b['color'] !== undefined) {
    if (type !== 'text' && type !== 'callback') throw fail(`color is not allowed for ${type} button`);
    if (typeof b['color'] !== 'string' || !BUTTON_COLORS.has(b['color'])) throw fail(`color is invalid: ${String(b['color'])}`);
  }
}

/** Parses and validates a `keyboard` parameter like VK (error 911). */
function parseKeyboard(raw: string | undefined): any {
  if (raw === undefined || raw === '') return undefined;
  const kb = parseJson(raw);
  if (!kb || typeof kb !== 'object' || Array.isArray(kb)) throw keyboardInvalid('keyboard should be object');
  const k = kb as Record<string, any>;
  const rows: unknown = k['buttons'];
  if (!Array.isArray(rows)) throw keyboardInvalid('buttons should be array');
  const inline = k['inline'] === true;
  const maxRows = inline ? 6 : 10;
  const maxButtons = inline ? 10 : 40;
  if (rows.length > maxRows) throw keyboardInvalid(`too many rows: ${rows.length} (max ${maxRows})`);
  let count = 0;
  for (const row of rows) {
    if (!Array.isArray(row)) throw keyboardInvalid('buttons should be array of arrays');
    if (row.length > 5) throw keyboardInvalid(`too many buttons in a row: ${row.length} (max 5)`);
    for (const button of row) validateButton(button, keyboardInvalid);
    count += row.length;
  }
  if (count > maxButtons) throw keyboardInvalid(`too many buttons: ${count} (max ${maxButtons})`);
  return kb;
}

/** Parses and validates a carousel `template` parameter like VK (error 100). */
function parseTemplate(raw: string | undefined): any {
  if (raw === undefined || raw === '') return undefined;
  const t = parseJson(raw);
  if (!t || typeof t !== 'object' || Array.isArray(t)) throw templateInvalid('template should be object');
  const tpl = t as Record<string, any>;
  if (tpl['type'] !== 'carousel') throw templateInvalid(`type is not supported: ${String(tpl['type'])}`);
  const elements: unknown = tpl['elements'];
  if (!Array.isArray(elements) || elements.length === 0) throw templateInvalid('elements should be non-empty array');
  if (elements.length > 10) throw templateInvalid(`too many elements: ${elements.length} (max 10)`);
  let shape: string | undefined;
  elements.forEach((element: unknown, i) => {
    if (!element || typeof element !== 'object') throw templateInvalid(`element ${i} should be object`);
    const e = element as Record<string, any>;
    for (const field of ['title', 'description'] as const) {
      const v: unknown = e[field];
      if (v === undefined) continue;
      if (typeof v !== 'string') throw templateInvalid(`element ${i} ${field} should be string`);
      if (chars(v) > CAROUSEL_TEXT_MAX) throw templateInvalid(`element ${i} ${field} is too long (max ${CAROUSEL_TEXT_MAX})`);
    }
    const photoId: unknown = e['photo_id'];
    if (photoId !== undefined && (typeof photoId !== 'string' || !/^-?\d+_\d+$/.test(photoId))) {
      throw templateInvalid(`element ${i} photo_id is invalid: ${String(photoId)}`);
    }
    if (photoId === undefined && (!e['title'] || !e['description'])) {
      throw templateInvalid(`element ${i} should have photo_id or both title and description`);
    }
    const buttons: unknown = e['buttons'];
    if (buttons !== undefined) {
      if (!Array.isArray(buttons)) throw templateInvalid(`element ${i} buttons should be array`);
      if (buttons.length > 3) throw templateInvalid(`element ${i} has too many buttons: ${buttons.length} (max 3)`);
      for (const b of buttons) validateButton(b, (what) => templateInvalid(`element ${i} button: ${what}`));
    }
    const action = e['action'] as Record<string, any> | undefined;
    if (action !== undefined) {
      if (!action || typeof action !== 'object') throw templateInvalid(`element ${i} action should be object`);
      if (action['type'] !== 'open_link' && action['type'] !== 'open_photo') {
        throw templateInvalid(`element ${i} action.type is invalid: ${String(action['type'])}`);
      }
      if (action['type'] === 'open_link' && (typeof action['link'] !== 'string' || !/^https?:\/\/\S+$/i.test(action['link']))) {
        throw templateInvalid(`element ${i} action.link is invalid`);
      }
    }
    const s = JSON.stringify([
      e['title'] !== undefined,
      e['description'] !== undefined,
      photoId !== undefined,
      Array.isArray(buttons) ? buttons.length : 0,
      action !== undefined,
    ]);
    if (shape === undefined) shape = s;
    else if (s !== shape) throw templateInvalid('all elements should have the same structure');
  });
  return t;
}

function validateAttachment(raw: string): string {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const item of items) {
    if (!ATTACHMENT_RE.test(item) && !/^https?:\/\/\S+$/i.test(item)) throw invalid(`attachment is invalid: ${item}`);
  }
  return items.join(',');
}

/** Message text, keyboard, attachment and template of a send / edit, validated like VK. */
function contentOf(p: Params): MessageContent {
  const text = p['message'] ?? '';
  const attachment = validateAttachment(p['attachment'] ?? '');
  const other = ['sticker_id', 'forward_messages', 'forward', 'lat'].some((k) => (p[k] ?? '') !== '');
  if (text.trim() === '' && attachment === '' && !other) throw invalid('message is empty or invalid');
  if (text.length > MESSAGE_MAX) throw new VkError(914, 'Message is too long');
  const content: MessageContent = { text };
  const keyboard: unknown = parseKeyboard(p['keyboard']);
  if (keyboard !== undefined) content.keyboard = keyboard;
  if (attachment !== '') content.attachment = attachment;
  const template: unknown = parseTemplate(p['template']);
  if (template !== undefined) content.template = template;
  return content;
}

function peerNumber(raw: string | undefined, name: string): number {
  const id = raw !== undefined && /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(id) || id === 0) throw invalid(`${name} param is incorrect`);
  return id;
}

function buttonsOf(keyboard: any): any[] {
  return keyboard && Array.isArray(keyboard.buttons) ? (keyboard.buttons as unknown[]).flat() : [];
}

function describeButton(b: any): string {
  const a = (b?.action ?? {}) as Record<string, any>;
  const label = typeof a['label'] === 'string' ? a['label'] : `(${String(a['type'])})`;
  const extra = a['type'] === 'open_link' ? ` → link ${String(a['link'])}` : a['payload'] !== undefined ? ` → ${String(a['payload'])}` : '';
  return `[${label}${extra} (${String(a['type'])})]`;
}

function listKeyboard(keyboard: any): string {
  if (!keyboard || !Array.isArray(keyboard.buttons)) return '(no keyboard)';
  return (keyboard.buttons as any[][]).map((row) => row.map(describeButton).join(' ')).join('\n  ');
}

function describeCall(c: VkApiCall): string {
  const { access_token: _token, ...rest } = c.params;
  let params = JSON.stringify(rest);
  if (params.length > 300) params = `${params.slice(0, 300)}…`;
  return `${c.method} ${params}`;
}

// ---------------------------------------------------------------------------------------------

/**
 * Starts a fake VK API server on 127.0.0.1 with a random port.
 *
 * @example
 * const fake = await startFakeVk();
 * const vk = new VK({ token: fake.token, apiBaseUrl: fake.apiBaseUrl, agent: new http.Agent(),
 *   pollingGroupId: fake.groupId, apiLimit: 20, apiWait: 300, apiRetryLimit: 1 });
 * vk.updates.on('message_new', (ctx) => ctx.send('Hello'));
 * await vk.updates.startPolling();
 * fake.sendText(alice, 'Начать');
 * await fake.settle();
 * expect(fake.lastMessage(alice.id)?.text).toBe('Hello');
 * await vk.updates.stop();
 * await fake.close();
 */
export async function startFakeVk(opts: FakeVkOptions = {}): Promise<FakeVk> {
  const token = opts.token ?? 'vk1.a.TEST-group-token';
  const groupId = opts.groupId ?? 200000001;

  const calls: VkApiCall[] = [];
  const users = new Map<number, VkUser>();
  const dialogs = new Map<number, Dialog>();
  const dedupe = new Map<string, StoredMessage>(); // `${peer}:${random_id}`
  const events: QueuedEvent[] = [];
  const failures = new Map<string, VkApiErrorPayload[]>();
  const pollFailures: PollFailure[] = [];
  const pendingPolls = new Set<PendingPoll>();
  const validKeys = new Set<string>();
  const messageEvents = new Map<string, { user_id: number; peer_id: number; answered: boolean }>();
  const uploadedPhotos = new Map<string, UploadedPhoto>(); // by upload token
  // Documents by upload token: what was uploaded, and its id once saved.
  const uploadedDocs = new Map<string, { filename?: string; text?: string; id?: number }>();
  const savedDocs: Array<{ id: number; filename: string; text: string }> = [];
  let nextSeq = 1;
  let nextMessageId = 1;
  let nextPhotoId = 457239017;
  let serverGeneration = 1;
  let uploads = 0;
  let inFlight = 0;
  let lastActivity = 0;
  let pollSeen = false;
  let needNextPoll = false;
  let closed = false;

  // --- dialog model ------------------------------------------------------------------------

  function dialogOf(peerId: number): Dialog {
    let d = dialogs.get(peerId);
    if (!d) {
      d = { peerId, nextCmid: 1, messages: [] };
      dialogs.set(peerId, d);
    }
    return d;
  }

  function remember(user: VkUser): void {
    users.set(user.id, { ...user });
  }

  function toSent(m: StoredMessage): VkSentMessage {
    const s: VkSentMessage = {
      message_id: m.id,
      conversation_message_id: m.cmid,
      peer_id: m.peer_id,
      text: m.text,
      random_id: m.random_id,
      deleted: m.deleted,
      edits: m.edits,
    };
    if (m.keyboard !== undefined) s.keyboard = structuredClone(m.keyboard);
    if (m.attachment !== undefined) s.attachment = m.attachment;
    if (m.template !== undefined) s.template = structuredClone(m.template);
    return s;
  }

  const visible = (peerId: number, includeDeleted = false): StoredMessage[] =>
    (dialogs.get(peerId)?.messages ?? []).filter((m) => m.out && (includeDeleted || !m.deleted));

  const busyChecks: Array<() => boolean> = [];

  function userMessage(
    user: VkUser,
    text: string,
    o: { payload?: unknown; ref?: string; clientInfo?: Record<string, any>; attachments?: any[]; peerId?: number } = {},
  ): Record<string, any> {
    remember(user);
    const peerId = o.peerId ?? user.id;
    const d = dialogOf(peerId);
    const stored: StoredMessage = {
      id: nextMessageId++,
      cmid: d.nextCmid++,
      peer_id: peerId,
      from_id: user.id,
      out: false,
      date: now(),
      text,
      random_id: 0,
      deleted: false,
      edits: 0,
    };
    d.messages.push(stored);
    const message: Record<string, any> = {
      id: stored.id,
      date: stored.date,
      peer_id: peerId,
      from_id: user.id,
      text,
      conversation_message_id: stored.cmid,
      attachments: o.attachments ?? [],
      out: 0,
      fwd_messages: [],
      important: false,
      is_hidden: false,
      random_id: 0,
    };
    if (o.payload !== undefined) message['payload'] = typeof o.payload === 'string' ? o.payload : JSON.stringify(o.payload);
    if (o.ref !== undefined) {
      message['ref'] = o.ref;
      message['ref_source'] = o.ref;
    }
    const client_info = { ...structuredClone(DEFAULT_CLIENT_INFO), lang_id: user.lang_id ?? 0, ...(o.clientInfo ?? {}) };
    return pushUpdate({ type: 'message_new', object: { message, client_info } });
  }

  function pressButton(user: VkUser, m: StoredMessage, button: any): Record<string, any> {
    const action = (button?.action ?? {}) as Record<string, any>;
    const payload = typeof action['payload'] === 'string' ? action['payload'] : undefined;
    if (action['type'] === 'callback') {
      remember(user);
      const object: Record<string, any> = {
        user_id: user.id,
        peer_id: m.peer_id,
        event_id: hex(6),
        conversation_message_id: m.cmid,
      };
      if (payload !== undefined) object['payload'] = parseJson(payload) ?? payload;
      return pushUpdate({ type: 'message_event', object });
    }
    if (action['type'] === 'text') {
      return userMessage(user, String(action['label']), payload !== undefined ? { payload } : {});
    }
    throw new Error(`fake-vk: button ${describeButton(button)} sends no update (only text and callback buttons can be pressed)`);
  }

  // --- updates & long polling --------------------------------------------------------------

  function firstUndeliveredSeq(): number {
    return events.find((e) => !e.delivered)?.seq ?? nextSeq;
  }

  function reply(res: http.ServerResponse, body: unknown, status = 200, headers: http.OutgoingHttpHeaders = {}): void {
    if (res.writableEnded || res.destroyed) return;
    const json = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(json),
      ...headers,
    });
    res.end(json);
  }

  function releasePoll(poll: PendingPoll): void {
    clearTimeout(poll.timer);
    pendingPolls.delete(poll);
  }

  function answerPoll(poll: { res: http.ServerResponse }, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
    reply(poll.res, body, 200, headers);
    needNextPoll = true;
  }

  function deliver(poll: { res: http.ServerResponse; ts: number }): boolean {
    const batch = events.filter((e) => e.seq >= poll.ts);
    if (batch.length === 0) return false;
    for (const e of batch) e.delivered = true;
    answerPoll(poll, { ts: String(batch.at(-1)!.seq + 1), updates: batch.map((e) => structuredClone(e.update)) });
    return true;
  }

  function answerFailure(poll: { res: http.ServerResponse; key: string }, failure: PollFailure): void {
    if (failure.failed === 1) {
      answerPoll(poll, { failed: 1, ts: String(failure.ts ?? firstUndeliveredSeq()) });
      return;
    }
    validKeys.delete(poll.key);
    answerPoll(poll, { failed: failure.failed });
  }

  function pushUpdate(update: Record<string, any>): Record<string, any> {
    if (closed) throw new Error('fake-vk: pushUpdate after close()');
    const u: Record<string, any> = { group_id: groupId, event_id: hex(20), v: API_VERSION, ...update };
    if (u['type'] === 'message_event') {
      const o = (u['object'] ?? {}) as Record<string, any>;
      if (typeof o['event_id'] === 'string') {
        messageEvents.set(o['event_id'], { user_id: Number(o['user_id']), peer_id: Number(o['peer_id']), answered: false });
      }
    }
    events.push({ seq: nextSeq++, update: u, delivered: false });
    for (const poll of [...pendingPolls]) {
      if (deliver(poll)) releasePoll(poll);
    }
    return structuredClone(u);
  }

  function handleLongPoll(res: http.ServerResponse, url: URL): void {
    pollSeen = true;
    needNextPoll = false;
    const key = url.searchParams.get('key') ?? '';
    if (url.searchParams.get('act') !== 'a_check') {
      reply(res, { failed: 2 }); // what VK answers to garbage; vk-io restarts
      needNextPoll = true;
      return;
    }
    const failure = pollFailures.shift();
    if (failure) {
      answerFailure({ res, key }, failure);
      return;
    }
    if (!validKeys.has(key)) {
      answerPoll({ res }, { failed: 2 });
      return;
    }
    const tsRaw = url.searchParams.get('ts') ?? '';
    const ts = /^\d+$/.test(tsRaw) ? Number(tsRaw) : NaN;
    if (!Number.isSafeInteger(ts) || ts < 1 || ts > nextSeq) {
      answerPoll({ res }, { failed: 1, ts: String(firstUndeliveredSeq()) });
      return;
    }
    if (deliver({ res, ts })) return;
    const wait = Math.min(90, Math.max(0, Number(url.searchParams.get('wait') ?? '25') || 0));
    const poll: PendingPoll = {
      res,
      key,
      ts,
      timer: setTimeout(() => {
        releasePoll(poll);
        answerPoll(poll, { ts: String(ts), updates: [] });
      }, wait * 1000),
    };
    pendingPolls.add(poll);
    res.on('close', () => releasePoll(poll));
  }

  // --- API methods -------------------------------------------------------------------------

  function storeBotMessage(peerId: number, content: MessageContent, randomId: string): StoredMessage {
    const key = `${peerId}:${randomId}`;
    if (randomId !== '0') {
      const existing = dedupe.get(key);
      if (existing) return existing; // VK does not send the same random_id twice to a peer
    }
    const d = dialogOf(peerId);
    const m: StoredMessage = {
      id: nextMessageId++,
      cmid: d.nextCmid++,
      peer_id: peerId,
      from_id: -groupId,
      out: true,
      date: now(),
      random_id: Number(randomId),
      deleted: false,
      edits: 0,
      ...content,
    };
    d.messages.push(m);
    if (randomId !== '0') dedupe.set(key, m);
    return m;
  }

  function single(p: Params): number {
    const raw = (p['peer_id'] ?? '') !== '' ? p['peer_id'] : p['user_id'];
    if (raw === undefined || raw === '') throw invalid('you should specify peer_id, user_id, domain, chat_id or user_ids param');
    return peerNumber(raw, 'peer_id');
  }

  function findMessage(p: Params): StoredMessage | undefined {
    const peerId = peerNumber(p['peer_id'], 'peer_id');
    const cmidRaw = p['conversation_message_id'] ?? p['cmid'];
    const d = dialogs.get(peerId);
    if (cmidRaw !== undefined && cmidRaw !== '') return d?.messages.find((m) => m.cmid === Number(cmidRaw));
    if (p['message_id'] !== undefined && p['message_id'] !== '') return d?.messages.find((m) => m.id === Number(p['message_id']));
    throw invalid('message_id or conversation_message_id is required');
  }

  function photoObject(photo: UploadedPhoto): Record<string, any> {
    const base = `http://127.0.0.1:${port}/pictures/photo${-groupId}_${photo.id}`;
    return {
      album_id: -3,
      date: now(),
      id: photo.id,
      owner_id: -groupId,
      access_key: photo.access_key,
      sizes: [
        { height: 75, width: 75, type: 's', url: `${base}_s.jpg` },
        { height: 130, width: 130, type: 'm', url: `${base}_m.jpg` },
        { height: 604, width: 604, type: 'x', url: `${base}_x.jpg` },
      ],
      text: '',
      has_tags: false,
    };
  }

  const handlers: Record<string, (p: Params) => unknown> = {
    'groups.getLongPollServer': (p) => {
      if ((p['group_id'] ?? '') === '') throw invalid('group_id is undefined');
      if (Number(p['group_id']) !== groupId) throw new VkError(15, 'Access denied: no access to this group');
      const key = hex(20);
      validKeys.add(key);
      return { key, server: `http://127.0.0.1:${port}/longpoll/wh${groupId}-${serverGeneration++}`, ts: String(firstUndeliveredSeq()) };
    },
    'groups.getById': () => ({
      groups: [
        {
          id: groupId,
          name: 'Sarafan Test',
          screen_name: `club${groupId}`,
          is_closed: 0,
          type: 'group',
          photo_50: `http://127.0.0.1:${port}/pictures/group_50.jpg`,
          photo_100: `http://127.0.0.1:${port}/pictures/group_100.jpg`,
          photo_200: `http://127.0.0.1:${port}/pictures/group_200.jpg`,
        },
      ],
      profiles: [],
    }),
    'users.get': (p) => {
      const ids = (p['user_ids'] ?? p['user_id'] ?? '')
        .split(',')
        .map((s) => s.trim().replace(/^id(?=\d)/, ''))
        .filter((s) => s !== '');
      return ids
        .map((s) => users.get(Number(s)))
        .filter((u): u is VkUser => u !== undefined)
        .map((u) => ({ id: u.id, first_name: u.first_name, last_name: u.last_name ?? '', can_access_closed: true, is_closed: false }));
    },
    'messages.setActivity': () => 1,
    'messages.markAsRead': () => 1,
    'messages.send': (p) => {
      const multi = (p['peer_ids'] ?? '') !== '';
      const peers = multi
        ? (p['peer_ids'] ?? '').split(',').map((s) => peerNumber(s, 'peer_ids'))
        : [single(p)];
      if (peers.length > 100) throw invalid('peer_ids is too long (max 100)');
      const randomId = (p['random_id'] ?? '').trim();
      if (randomId === '') throw invalid('random_id is a required parameter');
      if (!/^-?\d+$/.test(randomId)) throw invalid('random_id not integer');
      const content = contentOf(p);
      const sent = peers.map((peer) => storeBotMessage(peer, content, randomId));
      if (!multi) return sent[0]!.id;
      return sent.map((m) => ({ peer_id: m.peer_id, message_id: m.id, conversation_message_id: m.cmid }));
    },
    'messages.edit': (p) => {
      const m = findMessage(p);
      if (!m?.out || m.deleted) throw new VkError(909, "Can't edit this message, because it's too old");
      const content = contentOf(p);
      m.text = content.text;
      delete m.keyboard;
      delete m.attachment;
      delete m.template;
      Object.assign(m, content);
      m.edits++;
      return 1;
    },
    'messages.delete': (p) => {
      if ((p['cmids'] ?? '') !== '') {
        const peerId = peerNumber(p['peer_id'], 'peer_id');
        return (p['cmids'] ?? '').split(',').map((s) => {
          const m = dialogs.get(peerId)?.messages.find((x) => x.cmid === Number(s));
          const ok = m !== undefined && !m.deleted;
          if (ok) m.deleted = true;
          return { peer_id: peerId, message_id: m?.id ?? 0, conversation_message_id: Number(s), response: ok ? 1 : 0 };
        });
      }
      const ids = (p['message_ids'] ?? '').split(',').filter((s) => s.trim() !== '');
      if (ids.length === 0) throw invalid('message_ids is undefined');
      const result: Record<string, number> = {};
      for (const raw of ids) {
        const id = Number(raw);
        let found: StoredMessage | undefined;
        for (const d of dialogs.values()) found ??= d.messages.find((m) => m.id === id);
        const ok = found !== undefined && !found.deleted;
        if (ok) found!.deleted = true;
        result[String(id)] = ok ? 1 : 0;
      }
      return result;
    },
    'messages.sendMessageEventAnswer': (p) => {
      const id = p['event_id'] ?? '';
      const e = messageEvents.get(id);
      if (!e || e.answered) throw invalid('event_id is invalid or expired');
      if (Number(p['user_id']) !== e.user_id) throw invalid('user_id is invalid');
      if (Number(p['peer_id']) !== e.peer_id) throw invalid('peer_id is invalid');
      const raw = p['event_data'];
      if (raw !== undefined && raw !== '') {
        const data = parseJson(raw) as Record<string, any> | undefined;
        if (!data || typeof data !== 'object') throw invalid('event_data is invalid json');
        if (data['type'] === 'show_snackbar') {
          if (typeof data['text'] !== 'string' || data['text'] === '' || chars(data['text']) > 90) {
            throw invalid('event_data.text is invalid (1..90 characters)');
          }
        } else if (data['type'] === 'open_link') {
          if (typeof data['link'] !== 'string' || !/^https?:\/\/\S+$/i.test(data['link'])) throw invalid('event_data.link is invalid');
        } else if (data['type'] !== 'open_app') {
          throw invalid(`event_data.type is invalid: ${String(data['type'])}`);
        }
      }
      e.answered = true;
      return 1;
    },
    'photos.getMessagesUploadServer': (p) => {
      const peer = p['peer_id'] !== undefined && p['peer_id'] !== '' ? peerNumber(p['peer_id'], 'peer_id') : 0;
      const uploadToken = hex(8);
      uploadedPhotos.set(uploadToken, { id: 0, access_key: '', saved: false });
      return {
        album_id: -3,
        upload_url: `http://127.0.0.1:${port}/upload/photo?act=do_add&mid=0&aid=-3&gid=${groupId}&peer=${peer}&hash=${uploadToken}`,
        user_id: 0,
        group_id: groupId,
      };
    },
    'docs.getMessagesUploadServer': (p) => {
      if (p['type'] !== undefined && p['type'] !== 'doc' && p['type'] !== 'audio_message' && p['type'] !== 'graffiti') throw invalid('type is invalid');
      const uploadToken = hex(8);
      uploadedDocs.set(uploadToken, {});
      return { upload_url: `http://127.0.0.1:${port}/upload/doc?hash=${uploadToken}` };
    },
    'docs.save': (p) => {
      const doc = uploadedDocs.get(String(p['file'] ?? ''));
      if (!doc || doc.filename === undefined) throw invalid('file is invalid');
      doc.id ??= nextPhotoId++;
      savedDocs.push({ id: doc.id, filename: doc.filename, text: doc.text ?? '' });
      const title = typeof p['title'] === 'string' && p['title'] !== '' ? p['title'] : doc.filename;
      return { type: 'doc', doc: { id: doc.id, owner_id: -groupId, title, size: (doc.text ?? '').length, ext: title.split('.').pop() ?? '', date: Math.floor(Date.now() / 1000), type: 1, url: `http://127.0.0.1:${port}/doc/${doc.id}` } };
    },
    'photos.saveMessagesPhoto': (p) => {
      const list = parseJson(p['photo'] ?? '');
      if (!Array.isArray(list) || list.length === 0) throw invalid('photos_list is invalid');
      const token = (list[0] as Record<string, any> | undefined)?.['photo'];
      const photo = typeof token === 'string' ? uploadedPhotos.get(token) : undefined;
      if (!photo || photo.id === 0) throw invalid('photos_list is invalid');
      if ((p['hash'] ?? '') === '' || (p['server'] ?? '') === '') throw invalid('hash or server is undefined');
      photo.saved = true;
      return [photoObject(photo)];
    },
  };

  // --- HTTP plumbing -----------------------------------------------------------------------

  function failApi(res: http.ServerResponse, method: string, p: Params, e: VkApiErrorPayload): void {
    const request_params = [
      { key: 'method', value: method },
      { key: 'oauth', value: '1' },
      ...Object.entries(p)
        .filter(([k]) => k !== 'access_token')
        .map(([key, value]) => ({ key, value })),
    ];
    reply(res, { error: { ...e, request_params } });
  }

  function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string, body: Buffer, url: URL): void {
    const p: Params = Object.fromEntries(url.searchParams);
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    if (type.startsWith('multipart/form-data')) {
      const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(req.headers['content-type'] ?? '');
      const b = boundary?.[1] ?? boundary?.[2];
      if (b) Object.assign(p, parseMultipart(body, b).fields);
    } else if (body.length > 0) {
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) p[k] = v;
    }
    calls.push({ method, params: p, at: Date.now() });

    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers['authorization'] ?? '')?.[1];
    if ((p['access_token'] ?? bearer) !== token) {
      failApi(res, method, p, { error_code: 5, error_msg: 'User authorization failed: invalid access_token (4).' });
      return;
    }
    if ((p['v'] ?? '') === '') {
      failApi(res, method, p, { error_code: 8, error_msg: 'Invalid request: v is required' });
      return;
    }
    const queued = failures.get(method);
    if (queued && queued.length > 0) {
      failApi(res, method, p, queued.shift()!);
      return;
    }
    try {
      const handler = handlers[method];
      if (!handler) throw new VkError(3, `Unknown method passed (fake-vk does not implement ${method})`);
      reply(res, { response: handler(p) });
    } catch (e) {
      if (e instanceof VkError) failApi(res, method, p, { error_code: e.code, error_msg: e.msg });
      else failApi(res, method, p, { error_code: 10, error_msg: `Internal server error: fake-vk: ${String(e)}` });
    }
  }

  function handleUpload(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, url: URL): void {
    const params: Params = Object.fromEntries(url.searchParams);
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(req.headers['content-type'] ?? '');
    const b = boundary?.[1] ?? boundary?.[2];
    const { fields, files } = b ? parseMultipart(body, b) : { fields: {}, files: {} as Record<string, FilePart> };
    Object.assign(params, fields);
    for (const [name, f] of Object.entries(files)) {
      params[name] = f.filename;
      params[`${name}.size`] = String(f.data.length);
      params[`${name}.type`] = f.type;
    }
    calls.push({ method: 'upload', params, at: Date.now() });
    if (url.pathname === '/upload/doc') {
      const doc = uploadedDocs.get(url.searchParams.get('hash') ?? '');
      const part = files['file'];
      if (!doc || !part) {
        reply(res, { error: 'ERR_UPLOAD_BAD_HASH: upload url expired or unknown' });
        return;
      }
      doc.filename = part.filename;
      doc.text = part.data.toString('utf8');
      reply(res, { file: url.searchParams.get('hash') });
      return;
    }
    const server = 800000 + (groupId % 1000);
    const uploadToken = url.searchParams.get('hash') ?? '';
    const slot = uploadedPhotos.get(uploadToken);
    const file = files['photo'] ?? files['file'];
    if (!slot) {
      reply(res, { error: 'ERR_UPLOAD_BAD_HASH: upload url expired or unknown' });
      return;
    }
    if (!file || !looksLikeImage(file.data)) {
      // VK's upload server answers an empty photo list for a missing or broken image.
      reply(res, { server, photo: '[]', hash: hex(16) });
      return;
    }
    uploads++;
    slot.id = nextPhotoId++;
    slot.access_key = hex(9);
    const photo = JSON.stringify([{ markers_restarted: true, photo: uploadToken, sizes: [], latitude: 0, longitude: 0, kid: hex(16) }]);
    reply(res, { server, photo, hash: hex(16) });
  }

  function handlePicture(res: http.ServerResponse, url: URL): void {
    const name = decodeURIComponent(url.pathname.slice('/pictures/'.length));
    calls.push({ method: 'picture', params: { name }, at: Date.now() });
    if (name === '' || name.startsWith('missing')) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    const jpeg = tinyJpeg(`fake-vk ${name}`);
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': jpeg.length });
    res.end(jpeg);
  }

  const server = http.createServer((req, res) => {
    lastActivity = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
    req.on('error', () => res.destroy());
  });
  server.keepAliveTimeout = 60_000;

  function handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (closed) {
      res.destroy();
      return;
    }
    if (url.pathname.startsWith('/longpoll/')) {
      calls.push({ method: 'longpoll', params: Object.fromEntries(url.searchParams), at: Date.now() });
      handleLongPoll(res, url);
      return;
    }
    inFlight++;
    res.on('close', () => {
      inFlight--;
      lastActivity = Date.now();
    });
    const api = /^\/method\/([A-Za-z0-9_.]+)\/?$/.exec(url.pathname);
    if (api) handleApi(req, res, api[1]!, body, url);
    else if (req.method === 'POST' && url.pathname.startsWith('/upload/')) handleUpload(req, res, body, url);
    else if (req.method === 'GET' && url.pathname.startsWith('/pictures/')) handlePicture(res, url);
    else reply(res, { error: { error_code: 3, error_msg: `Unknown method passed (fake-vk: no route ${req.method ?? ''} ${url.pathname})`, request_params: [] } }, 404);
  }

  async function poll(check: () => string | undefined, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pending = check();
      if (pending === undefined) return;
      if (Date.now() >= deadline) {
        const last = calls.slice(-10).map(describeCall).join('\n  ');
        throw new Error(`fake-vk: ${what} timed out after ${timeoutMs} ms (${pending}); last calls:\n  ${last || '(none)'}`);
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

  const fake: FakeVk = {
    apiBaseUrl: `http://127.0.0.1:${port}/method`,
    token,
    groupId,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    pushUpdate,
    sendText: (user, text, o) => userMessage(user, text, o),
    sendChatText(peerId, user, text) {
      if (peerId <= 2_000_000_000) throw new Error('fake-vk: chat peer ids start above 2000000000');
      return userMessage(user, text, { peerId });
    },
    pressInChat(peerId, user, labelOrPayload) {
      const m = visible(peerId)
        .filter((x) => buttonsOf(x.keyboard).length > 0)
        .at(-1);
      if (!m) throw new Error(`fake-vk: no bot message with a keyboard in chat ${peerId}`);
      const label = (b: any): string => String(b?.action?.label ?? '');
      const buttons = buttonsOf(m.keyboard);
      const button = buttons.find((b) => label(b) === labelOrPayload) ?? buttons.find((b) => label(b) !== '' && label(b).includes(labelOrPayload));
      if (!button) throw new Error(`fake-vk: no button "${labelOrPayload}" on message #${m.id} in chat ${peerId}; available:\n  ${listKeyboard(m.keyboard)}`);
      return pressButton(user, m, button);
    },
    press(user, labelOrPayload, messageId) {
      let m: StoredMessage | undefined;
      if (messageId !== undefined) {
        m = dialogs.get(user.id)?.messages.find((x) => x.id === messageId);
        if (!m?.out) throw new Error(`fake-vk: no bot message ${messageId} in dialog ${user.id}`);
        if (m.deleted) throw new Error(`fake-vk: message ${messageId} in dialog ${user.id} was deleted`);
      } else {
        m = visible(user.id)
          .filter((x) => buttonsOf(x.keyboard).length > 0)
          .at(-1);
        if (!m) {
          const shown = visible(user.id).map((x) => `#${x.id} ${JSON.stringify(x.text)}`);
          throw new Error(`fake-vk: no bot message with a keyboard in dialog ${user.id}; visible messages: ${shown.join(', ') || '(none)'}`);
        }
      }
      const buttons = buttonsOf(m.keyboard);
      const label = (b: any): string => String(b?.action?.label ?? '');
      const button =
        buttons.find((b) => label(b) === labelOrPayload) ??
        buttons.find((b) => b?.action?.payload === labelOrPayload) ??
        buttons.find((b) => label(b) !== '' && label(b).includes(labelOrPayload));
      if (!button) {
        throw new Error(
          `fake-vk: no button "${labelOrPayload}" on message #${m.id} in dialog ${user.id}; available:\n  ${listKeyboard(m.keyboard)}`,
        );
      }
      return pressButton(user, m, button);
    },
    pressCarousel(user, titlePart, labelPart) {
      const withCarousel = visible(user.id)
        .filter((x) => x.template && Array.isArray(x.template.elements))
        .reverse();
      for (const m of withCarousel) {
        for (const e of m.template.elements as any[]) {
          if (!String(e?.title ?? '').includes(titlePart)) continue;
          const button = ((e?.buttons ?? []) as any[]).find((b) => String(b?.action?.label ?? '').includes(labelPart));
          if (button) return pressButton(user, m, button);
        }
      }
      const listing = withCarousel
        .map(
          (m) =>
            `#${m.id}: ${(m.template.elements as any[])
              .map((e) => `${JSON.stringify(String(e?.title ?? ''))} ${((e?.buttons ?? []) as any[]).map(describeButton).join(' ')}`)
              .join('; ')}`,
        )
        .join('\n  ');
      throw new Error(
        `fake-vk: no carousel element "${titlePart}" with a button "${labelPart}" in dialog ${user.id}; carousels:\n  ${listing || '(none)'}`,
      );
    },
    messages: (peerId, o = {}) => visible(peerId, o.includeDeleted ?? false).map(toSent),
    lastMessage(peerId) {
      const m = visible(peerId).at(-1);
      return m ? toSent(m) : undefined;
    },
    get uploads() {
      return uploads;
    },
    docs: savedDocs,
    pictureUrl: (name) => `http://127.0.0.1:${port}/pictures/${encodeURIComponent(/\.[A-Za-z0-9]+$/.test(name) ? name : `${name}.jpg`)}`,
    failNext(method, error, times = 1) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(error);
      failures.set(method, list);
    },
    failPoll(answer) {
      const held = [...pendingPolls][0];
      if (held) {
        releasePoll(held);
        answerFailure(held, answer);
      } else {
        pollFailures.push(answer);
      }
    },
    waitFor: (predicate, timeoutMs = 3000) => poll(() => (predicate(calls) ? undefined : 'predicate still false'), timeoutMs, 'waitFor'),
    settle: (timeoutMs = 3000, quietMs = 150) =>
      poll(
        () => {
          const undelivered = events.filter((e) => !e.delivered).length;
          if (undelivered > 0) return `${undelivered} update(s) not delivered to a long poll${pollSeen ? '' : ' (nobody polls: vk.updates.startPolling()?)'}`;
          if (pollSeen && pollFailures.length > 0) return `${pollFailures.length} failPoll answer(s) not sent yet`;
          if (pollSeen && needNextPoll) return 'the poller has not come back for the next long poll yet';
          if (inFlight > 0) return `${inFlight} request(s) being answered`;
          if (busyChecks.some((busy) => busy())) return 'the bot is still handling updates it read';
          if (Date.now() - lastActivity < quietMs) return `a request arrived or finished less than ${quietMs} ms ago`;
          return undefined;
        },
        timeoutMs,
        'settle',
      ),
    alsoWaitFor(busy) {
      busyChecks.push(busy);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const p of [...pendingPolls]) {
        releasePoll(p);
        reply(p.res, { ts: String(p.ts), updates: [] }, 200, { connection: 'close' });
      }
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), 200);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
  return fake;
}
