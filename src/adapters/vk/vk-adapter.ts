import { createHash, randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { APIError, VK } from 'vk-io';
import type { Engine } from '../../engine/engine.js';
import { createConversationLock } from '../../engine/conversation-lock.js';
import type { InboundEvent } from '../../engine/events.js';
import type { ConversationRef } from '../../shared/conversation.js';
import type { Reply } from '../../shared/replies.js';
import { messengerBodyLimit, type Route } from '../../http/http-server.js';
import { secretsEqual } from '../../shared/constant-time.js';
import type { MediaCache } from '../../media/media-cache.js';
import { createPictureDownloader, type PictureDownloader } from '../../media/picture-download.js';
import type { Logger } from '../../shared/logger.js';
import { splitText } from '../../shared/split-text.js';
import { createDeliveryQueue, withPriority, type DeliveryLimits } from '../../delivery/delivery-queue.js';
import { vkLimits } from '../../delivery/messenger-limits.js';
import { renderReply, type VkCapabilities, type VkMessage } from './render.js';
import { toEvent, type VkClientInfo, type VkUpdate } from './to-event.js';

/** What the VK adapter needs. */
export interface VkAdapterOptions {
  token: string;
  groupId: number;
  /** API root ending in `/method`; VK's own when absent. */
  apiBaseUrl?: string;
  storefrontId: number;
  engine: Engine;
  media: MediaCache;
  /** Downloads a product picture for its one upload to VK; public hosts only by default (see `createPictureDownloader`). */
  downloadPicture?: PictureDownloader;
  logger: Logger;
  /** Long poll `wait` in seconds (25 by default). */
  pollWaitSeconds?: number;
  /** The rate limits messages wait for; VK's by default (tests of flows relax them). */
  deliveryLimits?: DeliveryLimits;
  /** Pause after VK flood control (error 9) or a failed poll, in ms. */
  retryDelayMs?: number;
}

/** A running VK community storefront. */
export interface VkAdapter {
  /** Starts Bots Long Poll; resolves once the first poll is under way. */
  startPolling(): Promise<void>;
  /** The HTTP route of the Callback API at `path`: body over 1 MB → 413, wrong secret → 403, confirmation → the code, else `ok`. */
  webhookRoute(path: string, opts: { secret: string; confirmation: string }): Route;
  /** Handles one update (from long poll or the Callback API); resolves when its replies are out. */
  handleUpdate(update: VkUpdate): Promise<void>;
  /** How many updates read from VK are still being handled. */
  pending(): number;
  /** Sends replies to a dialog on the community's own initiative (order news for staff and buyers). */
  send(peerId: string, replies: Reply[]): Promise<void>;
  /** Stops polling and waits for updates in hand. */
  stop(): Promise<void>;
}

/** Thrown inside delivery when VK refuses to message this person (901): the rest is dropped. */
class Unreachable extends Error {}

const defaultCaps: VkCapabilities = { callback: true, inlineKeyboard: true, carousel: false };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A message id VK uses to drop a repeated send: the same event's n-th message always gets the same one. */
export function randomIdFor(eventId: string, index: number): number {
  const value = createHash('sha256').update(`${eventId}:${index}`).digest().readInt32BE(0);
  return value === 0 ? 1 : value;
}

/** A bounded map: the oldest entry goes when it is full. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, limit = 10_000): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value as K);
}

/** Creates the VK adapter: vk-io for the API and uploads, Long Poll and Callback API read here. */
export function createVkAdapter(opts: VkAdapterOptions): VkAdapter {
  const { engine, logger, groupId, media } = opts;
  const download = opts.downloadPicture ?? createPictureDownloader();
  const retryDelayMs = opts.retryDelayMs ?? 1000;
  // vk-io defaults to an https agent; a plain-http API root (a local server, the tests' fake) needs an http one.
  const agent = opts.apiBaseUrl?.startsWith('http://') ? (new Agent({ keepAlive: true }) as unknown as HttpsAgent) : undefined;
  const vk = new VK({
    token: opts.token,
    ...(opts.apiBaseUrl ? { apiBaseUrl: opts.apiBaseUrl } : {}),
    ...(agent ? { agent } : {}),
    apiLimit: 20,
    apiRetryLimit: 2,
    apiWait: 5000,
  });
  const lock = createConversationLock();
  // Every message of this community, replies and notices alike, waits for a slot within VK's limits;
  // flood control (error 9) pauses the community and the message is sent again.
  const queue = createDeliveryQueue({
    limits: opts.deliveryLimits ?? vkLimits,
    classify: (error) => (error instanceof APIError && Number(error.code) === 9 ? { kind: 'retry-after', ms: retryDelayMs } : { kind: 'fail' }),
    maxRetries: 2,
    onPause: (ms) => logger.warn({ ms }, 'VK flood control: pausing this community'),
  });
  const caps = new Map<number, VkCapabilities>();
  const names = new Map<number, string | undefined>();
  // conversation_message_id → whether the message has a photo, for deciding whether it can be edited.
  const sent = new Map<string, { photo: boolean }>();
  const uploads = new Map<string, Promise<string | undefined>>();
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let abort = new AbortController();
  let loop: Promise<void> | undefined;

  const capsOf = (userId: number) => caps.get(userId) ?? defaultCaps;

  async function profileName(userId: number): Promise<string | undefined> {
    if (names.has(userId)) return names.get(userId);
    try {
      const [user] = await vk.api.users.get({ user_ids: [userId] });
      const name = user ? [user.first_name, user.last_name].filter(Boolean).join(' ') : undefined;
      remember(names, userId, name);
      return name;
    } catch (error) {
      logger.debug({ err: error }, 'users.get failed');
      return undefined;
    }
  }

  function photoAttachment(url: string, peerId: number): Promise<string | undefined> {
    // A photo a franchisee sent to the community is already a VK attachment.
    if (url.startsWith('vk:')) return Promise.resolve(url.slice(3));
    const owner = `vk:${groupId}`;
    const cached = media.get(owner, url);
    if (cached) return Promise.resolve(cached);
    const pending = uploads.get(url);
    if (pending) return pending;
    const upload = (async () => {
      try {
        const bytes = await download(url);
        const photo = await vk.upload.messagePhoto({ peer_id: peerId, source: { value: bytes, filename: 'photo.jpg' } });
        const ref = photo.toString();
        media.set(owner, url, ref);
        return ref;
      } catch (error) {
        // The card still goes out, as text.
        logger.warn({ err: error, url }, 'could not upload a picture to VK');
        return undefined;
      } finally {
        uploads.delete(url);
      }
    })();
    uploads.set(url, upload);
    return upload;
  }

  /**
   * Runs an API call with VK's refusals handled: 901 marks the buyer unreachable and ends the
   * delivery, 9 (flood control) waits and retries, and a code with a fallback (911 bad keyboard,
   * 914 too long) runs the fallback; anything else is logged and skipped.
   */
  async function call<T>(ref: ConversationRef, what: () => Promise<T>, fallbacks: Partial<Record<number, () => Promise<T>>> = {}): Promise<T | undefined> {
    try {
      return await queue.run(ref.chatId, what);
    } catch (error) {
      if (!(error instanceof APIError)) throw error;
      if (error.code === 901) {
        engine.markUnreachable(ref);
        throw new Unreachable();
      }
      const fallback = fallbacks[Number(error.code)];
      if (fallback) {
        logger.warn({ code: error.code }, 'VK refused a message; sending it another way');
        return queue.run(ref.chatId, fallback);
      }
      logger.error({ err: error, code: error.code }, 'VK API call failed');
      return undefined;
    }
  }

  async function send(ref: ConversationRef, message: VkMessage, randomId: number): Promise<void> {
    const peerId = Number(ref.chatId);
    const attachment = message.photo ? await photoAttachment(message.photo, peerId) : undefined;
    const params = {
      peer_ids: [peerId],
      random_id: randomId,
      message: message.message,
      attachment,
      template: message.template,
      dont_parse_links: 1 as const,
    };
    const result = await call(ref, () => vk.api.messages.send({ ...params, keyboard: message.keyboard }), {
      911: () => vk.api.messages.send(params),
      // VK counted the text longer than we did: send it in two halves.
      914: async () => {
        const halves = splitText(message.message, Math.ceil(message.message.length / 2));
        for (const [i, part] of halves.entries()) {
          const last = i === halves.length - 1;
          await send(ref, { ...message, message: part, keyboard: last ? message.keyboard : undefined, photo: i === 0 ? message.photo : undefined }, randomIdFor(String(randomId), i));
        }
        return undefined;
      },
    });
    const first = Array.isArray(result) ? result[0] : undefined;
    if (first?.conversation_message_id) remember(sent, `${peerId}:${first.conversation_message_id}`, { photo: Boolean(attachment) });
  }

  /** Uploads a report as a document of the dialog and sends it. */
  async function sendDocument(ref: ConversationRef, document: NonNullable<Reply['document']>, randomId: number): Promise<void> {
    const peerId = Number(ref.chatId);
    const doc = await vk.upload.messageDocument({ peer_id: peerId, title: document.filename, source: { value: Buffer.from(document.content, 'utf8'), filename: document.filename } });
    await call(ref, () => vk.api.messages.send({ peer_ids: [peerId], random_id: randomId, attachment: doc.toString() }), {});
  }

  /** Edits the pressed message when VK can (text → text, photo → photo); false when it cannot. */
  async function tryEdit(ref: ConversationRef, cmid: number, message: VkMessage): Promise<boolean> {
    const peerId = Number(ref.chatId);
    const before = sent.get(`${peerId}:${cmid}`);
    if (!before || message.template || before.photo !== Boolean(message.photo)) return false;
    const attachment = message.photo ? await photoAttachment(message.photo, peerId) : undefined;
    if (before.photo && !attachment) return false;
    try {
      await queue.run(ref.chatId, () =>
        vk.api.messages.edit({
        peer_id: peerId,
        conversation_message_id: cmid,
        message: message.message,
        keyboard: message.keyboard,
        attachment,
        dont_parse_links: 1,
        }),
      );
      remember(sent, `${peerId}:${cmid}`, { photo: Boolean(attachment) });
      return true;
    } catch (error) {
      logger.debug({ err: error }, 'VK edit failed; sending a new message');
      return false;
    }
  }

  async function deliver(event: InboundEvent, replies: Reply[], pressedCmid: number | undefined): Promise<void> {
    const userCaps = capsOf(Number(event.ref.userId));
    let index = 0;
    try {
      for (const [i, reply] of replies.entries()) {
        const messages = renderReply(reply, userCaps);
        if (i === 0 && reply.replace && pressedCmid !== undefined) {
          if (messages.length === 1 && (await tryEdit(event.ref, pressedCmid, messages[0]!))) {
            index++;
            continue;
          }
          // Navigation that cannot edit replaces the old screen, so screens do not pile up.
          if (sent.has(`${event.ref.chatId}:${pressedCmid}`)) {
            await vk.api.messages
              .delete({ peer_id: Number(event.ref.chatId), cmids: [pressedCmid], delete_for_all: 1 })
              .catch(() => undefined);
          }
        }
        for (const message of messages) await send(event.ref, message, randomIdFor(event.eventId, index++));
        if (reply.document) await sendDocument(event.ref, reply.document, randomIdFor(event.eventId, index++));
      }
    } catch (error) {
      if (!(error instanceof Unreachable)) throw error;
    }
  }

  async function handleUpdate(update: VkUpdate): Promise<void> {
    const object = update.object ?? {};
    if (update.type === 'message_event') {
      // Answer at once so the button stops spinning; the work comes after.
      void vk.api.messages
        .sendMessageEventAnswer({ event_id: object.event_id, user_id: object.user_id, peer_id: object.peer_id })
        .catch((error: unknown) => logger.debug({ err: error }, 'sendMessageEventAnswer failed'));
    }
    const event = toEvent(update, opts.storefrontId);
    if (!event) return;
    const userId = Number(event.ref.userId);
    if (update.type === 'message_new') {
      const info: VkClientInfo = object.client_info ?? {};
      remember(caps, userId, {
        callback: info.button_actions ? info.button_actions.includes('callback') : true,
        inlineKeyboard: info.inline_keyboard ?? true,
        carousel: info.carousel ?? false,
      });
    }
    await lock.run(event.ref.chatId, async () => {
      const profile = update.type === 'message_new' ? await profileName(userId) : undefined;
      const replies = await engine.handle({ ...event, profileName: profile });
      const pressed = update.type === 'message_event' ? Number(object.conversation_message_id) || undefined : undefined;
      await deliver(event, replies, pressed);
    });
  }

  function dispatch(update: VkUpdate): void {
    // A person is waiting for this answer: it goes before order news and notices.
    const task = withPriority('interactive', () => handleUpdate(update)).catch((error: unknown) => logger.error({ err: error, type: update.type }, 'VK update failed'));
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  }

  async function longPollServer() {
    return vk.api.groups.getLongPollServer({ group_id: groupId });
  }

  async function poll(first: () => void): Promise<void> {
    let server = await longPollServer();
    first();
    const wait = opts.pollWaitSeconds ?? 25;
    while (running) {
      try {
        const url = new URL(server.server);
        url.search = new URLSearchParams({ act: 'a_check', key: server.key, ts: String(server.ts), wait: String(wait) }).toString();
        const response = await fetch(url, { signal: AbortSignal.any([abort.signal, AbortSignal.timeout((wait + 10) * 1000)]) });
        const body = (await response.json()) as { ts?: string | number; updates?: VkUpdate[]; failed?: number };
        if (body.failed === 1) {
          server.ts = String(body.ts);
          continue;
        }
        if (body.failed) {
          server = await longPollServer();
          continue;
        }
        server.ts = String(body.ts);
        for (const update of body.updates ?? []) dispatch(update);
      } catch (error) {
        if (!running) break;
        logger.warn({ err: error }, 'VK long poll failed; retrying');
        await sleep(retryDelayMs);
        server = await longPollServer().catch(() => server);
      }
    }
  }

  return {
    handleUpdate,
    pending: () => inFlight.size,
    async send(peerId, replies) {
      const ref = { storefrontId: opts.storefrontId, channel: 'vk' as const, chatId: peerId, userId: peerId };
      await withPriority('bulk', () => lock.run(peerId, () => deliver({ ref, eventId: `notify:${randomUUID()}`, type: 'text', text: '' }, replies, undefined)));
    },
    async startPolling() {
      running = true;
      abort = new AbortController();
      await new Promise<void>((resolve, reject) => {
        loop = poll(resolve).catch((error: unknown) => {
          running = false;
          logger.error({ err: error }, 'VK long poll could not start');
          reject(error);
        });
      });
      logger.info({ groupId }, 'VK community is polling');
    },
    webhookRoute(path, { secret, confirmation }) {
      // VK puts its secret inside the body: it can only be checked once the (limited) body is read.
      const handler: Route['handler'] = ({ body }, res) => {
        let update: VkUpdate & { secret?: unknown };
        try {
          update = JSON.parse(body.toString('utf8'));
        } catch {
          res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
          return;
        }
        if (!update || typeof update !== 'object' || typeof update.secret !== 'string' || !secretsEqual(update.secret, secret)) {
          res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden');
          return;
        }
        if (update.type === 'confirmation') {
          res.writeHead(200, { 'content-type': 'text/plain' }).end(update.group_id === groupId ? confirmation : 'wrong group');
          return;
        }
        // VK wants "ok" at once and resends otherwise; the update is handled after.
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        dispatch(update);
      };
      return { path, maxBodyBytes: messengerBodyLimit, handler };
    },
    async stop() {
      running = false;
      abort.abort();
      await loop?.catch(() => undefined);
      await Promise.all([...inFlight]);
    },
  };
}

/** Checks a community token against its group id: the community's name, or undefined if VK refuses. */
export async function checkVkToken(token: string, groupId: number, apiBaseUrl?: string): Promise<string | undefined> {
  const agent = apiBaseUrl?.startsWith('http://') ? (new Agent() as unknown as HttpsAgent) : undefined;
  const vk = new VK({ token, ...(apiBaseUrl ? { apiBaseUrl } : {}), ...(agent ? { agent } : {}), apiRetryLimit: 1, apiWait: 5000 });
  try {
    const answer = (await vk.api.groups.getById({ group_id: groupId })) as unknown as { groups?: Array<{ id: number; name: string }> } | Array<{ id: number; name: string }>;
    const group = Array.isArray(answer) ? answer[0] : answer.groups?.[0];
    return group && group.id === groupId ? group.name : undefined;
  } catch {
    return undefined;
  }
}
