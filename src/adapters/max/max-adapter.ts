import { Bot, MaxError, type Context } from '@maxhub/max-bot-api';
import { menuCommands } from '../command-menu.js';
import { createDeliveryQueue, withPriority, type DeliveryLimits } from '../../delivery/delivery-queue.js';
import type { Engine } from '../../engine/engine.js';
import type { I18n } from '../../shared/i18n.js';
import type { Reply } from '../../shared/replies.js';
import { messengerBodyLimit, type Route } from '../../http/http-server.js';
import { secretsEqual } from '../../shared/constant-time.js';
import type { Logger } from '../../shared/logger.js';
import { createPictureDownloader, type PictureDownloader } from '../../media/picture-download.js';
import { imageAttachment, renderReply, withImage, type MaxMessage, type MaxMessageBody, type MaxPhoto } from './render.js';
import { maxTarget, toEvent, type MaxInboundEvent, type MaxUpdate } from './to-event.js';

/**
 * MAX's limit: about 30 requests a second per bot (MAX's Bot API documentation). MAX publishes no per-chat limit;
 * chats get the same allowance as Telegram's private chats, so one buyer cannot starve the rest.
 */
export const maxDeliveryLimits: DeliveryLimits = {
  perSecond: 30,
  chat: () => ({ burst: 3, perMinute: 60 }),
};

/** What the MAX adapter needs. */
export interface MaxAdapterOptions {
  token: string;
  /** The Bot API root URL (`MAX_API_BASE_URL`, no path); MAX's own when absent. */
  apiBaseUrl?: string;
  storefrontId: number;
  engine: Engine;
  i18n: I18n;
  logger: Logger;
  /** The rate limits messages wait for; MAX's by default (tests of flows relax them). */
  deliveryLimits?: DeliveryLimits;
  /** Downloads a product picture for its one upload to MAX; public hosts only by default (see `createPictureDownloader`). */
  downloadPicture?: PictureDownloader;
}

/** A running MAX storefront bot. */
export interface MaxAdapter {
  bot: Bot;
  /** Removes webhook subscriptions (they turn polling off) and starts long polling. */
  start(): Promise<void>;
  /** Subscribes `url` for updates with `secret`; they then arrive through {@link MaxAdapter.webhookRoute}. */
  startWebhook(url: string, secret: string): Promise<void>;
  /** The HTTP route for MAX's webhook at `path`: a wrong or missing `X-Max-Bot-Api-Secret` gets 401 before the body is read. */
  webhookRoute(path: string, secret: string): Route;
  /** Sends replies to a chat on the bot's own initiative (order news). */
  send(chatId: string, replies: Reply[]): Promise<void>;
  /** Stops polling and waits (up to 30 s) for the updates in hand. */
  stop(): Promise<void>;
  /** Updates being handled. */
  pending(): number;
}

/** The update types the storefront reads; the others are not fetched at all. */
const updateTypes = ['message_created', 'message_callback', 'bot_started'] as const;
const stopGraceMs = 30_000;
// A fresh upload token answers `attachment.not.ready` for a moment; the client retries sends, not edits or answers.
const notReadyRetries = 3;
const notReadyDelayMs = 500;

const isBlocked = (e: unknown) => e instanceof MaxError && e.status === 403;
const isNotReady = (e: unknown) => e instanceof MaxError && e.code === 'attachment.not.ready';

/**
 * Creates the MAX adapter: `@maxhub/max-bot-api` in, engine events through, replies rendered back
 * out. Every call that writes to a chat goes through one delivery queue within MAX's limits; a 429
 * pauses the bot and retries.
 */
export function createMaxAdapter(opts: MaxAdapterOptions): MaxAdapter {
  const { engine, logger, storefrontId } = opts;
  const bot = new Bot(opts.token, opts.apiBaseUrl ? { clientOptions: { baseUrl: opts.apiBaseUrl } } : {});
  const queue = createDeliveryQueue({
    limits: opts.deliveryLimits ?? maxDeliveryLimits,
    classify: (error) => (error instanceof MaxError && error.status === 429 ? { kind: 'retry-after', ms: 1000 } : { kind: 'fail' }),
    onPause: (ms) => logger.warn({ ms }, 'max asked to slow down (429): pausing this bot'),
  });
  const api = bot.api;
  /** A call to MAX that writes to `chatId`, paced by the queue and retried while an attachment is not ready. */
  const write = <T>(chatId: string, call: () => Promise<T>): Promise<T> =>
    queue.run(chatId, async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await call();
        } catch (error) {
          if (!isNotReady(error) || attempt >= notReadyRetries) throw error;
          await new Promise((r) => setTimeout(r, notReadyDelayMs * 2 ** attempt));
        }
      }
    });

  const download = opts.downloadPicture ?? createPictureDownloader();
  const photoTokens = new Map<string, string>();
  /** The image attachment of a picture; a URL is uploaded once and its token reused. */
  const image = async (photo: MaxPhoto | undefined) => {
    if (!photo) return undefined;
    if ('token' in photo) return imageAttachment(photo.token);
    const cached = photoTokens.get(photo.url);
    if (cached) return imageAttachment(cached);
    try {
      const uploaded = await api.uploadImage({ source: await download(photo.url) });
      const token = tokenOf(uploaded.toJson());
      if (!token) return { type: 'image' as const, payload: { url: photo.url } };
      photoTokens.set(photo.url, token);
      return imageAttachment(token);
    } catch (error) {
      // The text must reach the buyer even when the picture cannot.
      logger.warn({ err: error }, 'could not upload a picture to MAX; sending text only');
      return undefined;
    }
  };

  const sendOne = async (chatId: string, message: MaxMessage) => {
    const body = withImage(message.body, await image(message.photo));
    await write(chatId, () => api.raw.messages.send({ ...maxTarget(chatId), ...body } as never));
    if (message.document) {
      const file = await api.uploadFile({ source: Buffer.from(message.document.content, 'utf8') });
      await write(chatId, () => api.raw.messages.send({ ...maxTarget(chatId), text: message.document!.filename, attachments: [file.toJson()] } as never));
    }
  };

  /**
   * Shows replies. The first reply to a button press is the press's answer and edits the pressed
   * message in place (MAX edits text, picture and keyboard alike); anything longer than one message
   * is sent anew and the press answered with a silent notification.
   */
  const deliver = async (chatId: string, replies: Reply[], callbackId: string | undefined) => {
    let answered = callbackId === undefined;
    for (const [i, reply] of replies.entries()) {
      const messages = renderReply(reply);
      if (!answered && i === 0 && reply.replace && messages.length === 1 && !messages[0]!.document) {
        const body: MaxMessageBody = withImage(messages[0]!.body, await image(messages[0]!.photo));
        await write(chatId, () => api.raw.messages.answerOnCallback({ callback_id: callbackId!, message: body } as never));
        answered = true;
        continue;
      }
      for (const message of messages) await sendOne(chatId, message);
    }
    // MAX wants every press answered; an empty answer is refused, so a blank notification stands in.
    if (!answered) await write(chatId, () => api.raw.messages.answerOnCallback({ callback_id: callbackId!, notification: ' ' } as never)).catch((e) => logger.debug({ err: e }, 'answer failed'));
  };

  let inFlight = 0;
  // The client handles a batch of updates all at once: one chat's updates are chained so that they
  // are handled and answered in order, while other chats run side by side.
  const chains = new Map<string, Promise<void>>();
  const handle = (update: MaxUpdate): Promise<void> => {
    const event = toEvent(update, storefrontId);
    if (!event) return Promise.resolve();
    inFlight++;
    const key = event.ref.chatId;
    const next = (chains.get(key) ?? Promise.resolve()).then(() => handleEvent(event, update.update_type));
    chains.set(key, next);
    return next.finally(() => {
      inFlight--;
      if (chains.get(key) === next) chains.delete(key);
    });
  };
  const handleEvent = async (event: MaxInboundEvent, updateType: string) => {
    try {
      await withPriority('interactive', async () => {
        try {
          const replies = await engine.handle(event);
          await deliver(event.ref.chatId, replies, event.callbackId);
        } catch (error) {
          if (!isBlocked(error)) throw error;
          engine.markUnreachable(event.ref);
        }
      });
    } catch (error) {
      logger.error({ err: error, updateType }, 'max update failed');
    }
  };

  // The client dispatches through middleware; one catch-all hands every update to `handle`, which never throws.
  bot.use(async (ctx: Context) => {
    await handle(ctx.update as unknown as MaxUpdate);
  });
  bot.catch((error) => logger.error({ err: error }, 'max middleware failed'));

  /** MAX keeps one command menu per bot (no per-language menus): it is in Russian, the shop's default locale. */
  const setCommands = async () => {
    try {
      await api.setMyCommands(menuCommands.map((name) => ({ name, description: opts.i18n.t('ru', `command-${name}`) })));
    } catch (error) {
      // The menu is a convenience: a failure must not keep the shop closed.
      logger.warn({ err: error }, 'could not set the MAX command menu');
    }
  };

  let running: Promise<void> | undefined;
  return {
    bot,
    async start() {
      bot.botInfo ??= await api.getMyInfo();
      await setCommands();
      for (const s of await api.getSubscriptions()) await api.unsubscribe(s.url);
      running = bot.startPolling({ allowedUpdates: [...updateTypes], retry: false });
      running.catch((error: unknown) => logger.error({ err: error }, 'max polling stopped'));
      logger.info({ bot: bot.botInfo.username }, 'max bot is polling');
    },
    async startWebhook(url, secret) {
      await setCommands();
      await api.subscribe(url, secret, [...updateTypes]);
      logger.info('max webhook subscribed');
    },
    webhookRoute(path, secret) {
      return {
        path,
        maxBodyBytes: messengerBodyLimit,
        authorize: (headers) => {
          const given = headers['x-max-bot-api-secret'];
          return secretsEqual(Array.isArray(given) ? given[0] : given, secret);
        },
        async handler({ body }, res) {
          const update = JSON.parse(body.toString('utf8')) as unknown;
          if (!update || typeof update !== 'object' || typeof (update as MaxUpdate).update_type !== 'string') throw new Error('not an update');
          // Answer at once: MAX resends an update whose webhook call is slow.
          res.writeHead(200).end();
          await handle(update as MaxUpdate);
        },
      };
    },
    async send(chatId, replies) {
      try {
        await withPriority('bulk', () => deliver(chatId, replies, undefined));
      } catch (error) {
        if (!isBlocked(error)) throw error;
        engine.markUnreachable({ storefrontId, channel: 'max', chatId, userId: chatId });
      }
    },
    async stop() {
      bot.stopPolling();
      await running?.catch(() => undefined);
      const deadline = Date.now() + stopGraceMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    },
    pending: () => inFlight,
  };
}

/** The token of an uploaded image: `{token}` or the first of `{photos: {<id>: {token}}}`. */
function tokenOf(json: unknown): string | undefined {
  const payload = (json as { payload?: { token?: unknown; photos?: Record<string, { token?: unknown }> } } | undefined)?.payload;
  if (typeof payload?.token === 'string') return payload.token;
  const first = Object.values(payload?.photos ?? {})[0]?.token;
  return typeof first === 'string' ? first : undefined;
}

/** Asks MAX who a token belongs to (`GET /me`, once): the bot's name (its username when it has one), or undefined if refused. */
export async function checkMaxToken(token: string, apiBaseUrl?: string): Promise<string | undefined> {
  try {
    const bot = new Bot(token, apiBaseUrl ? { clientOptions: { baseUrl: apiBaseUrl } } : {});
    const me = await bot.api.getMyInfo();
    return me.username ? `@${me.username}` : me.first_name;
  } catch {
    return undefined;
  }
}
