import { autoRetry } from '@grammyjs/auto-retry';
import { menuCommands } from '../command-menu.js';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { createDeliveryQueue, withPriority, type DeliveryLimits } from '../../delivery/delivery-queue.js';
import { telegramLimits } from '../../delivery/messenger-limits.js';
import { Bot, GrammyError, InputFile, webhookCallback, type Api } from 'grammy';
import type { Message, UserFromGetMe } from 'grammy/types';
import type { Engine } from '../../engine/engine.js';
import type { I18n } from '../../shared/i18n.js';
import type { Reply } from '../../shared/replies.js';
import { messengerBodyLimit, type Route } from '../../http/http-server.js';
import { secretsEqual } from '../../shared/constant-time.js';
import type { Logger } from '../../shared/logger.js';
import { isEditable, renderReply, type TelegramMessage } from './render.js';
import { toEvent } from './to-event.js';

/** What the Telegram adapter needs. */
export interface TelegramAdapterOptions {
  token: string;
  /** Bot API server root without a trailing slash; Telegram's own when absent. */
  apiRoot?: string;
  storefrontId: number;
  engine: Engine;
  i18n: I18n;
  logger: Logger;
  /** The rate limits messages wait for; Telegram's by default (tests of flows relax them). */
  deliveryLimits?: DeliveryLimits;
  /** How many updates are handled at once in long polling (500 by default); one chat's never overlap. */
  concurrency?: number;
  /** Skips getMe at start (tests). */
  botInfo?: UserFromGetMe;
  /** Retries of a rate-limited or failed call, and the longest wait honoured (seconds). */
  retry?: { maxAttempts: number; maxDelaySeconds: number };
}

/** A running Telegram storefront bot. */
export interface TelegramAdapter {
  bot: Bot;
  /** Registers the command menu and starts long polling; resolves once polling has begun. */
  start(): Promise<void>;
  /** Registers the command menu and the webhook at `url`; updates then arrive through {@link TelegramAdapter.webhookRoute}. */
  startWebhook(url: string, secretToken: string): Promise<void>;
  /**
   * The HTTP route for Telegram's webhook requests at `path`: a wrong or missing secret token gets
   * 401 before any of the body is read, a body over 1 MB gets 413.
   */
  webhookRoute(path: string, secretToken: string): Route;
  /** Sends replies to a chat on the bot's own initiative (order news for staff and buyers). */
  send(chatId: string, replies: Reply[]): Promise<void>;
  /** Stops polling, then waits (up to 30 s) for the updates already fetched to be handled. */
  stop(): Promise<void>;
  /** How many fetched updates are still being handled (long polling). */
  pending(): number;
}

/** The message a pressed button sits on, so the answer can replace it. */
interface Pressed {
  messageId: number;
  hadPhoto: boolean;
}

/** API methods that put or change a message in a chat: these count against Telegram's limits. */
const queuedMethods = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendMediaGroup',
  'copyMessage',
  'forwardMessage',
  'editMessageText',
  'editMessageCaption',
  'editMessageMedia',
  'editMessageReplyMarkup',
]);

/** Telegram's 429, carried through the delivery queue so that it pauses the bot and retries. */
class TooManyRequests extends Error {
  override readonly name = 'TooManyRequests';
  constructor(
    readonly response: unknown,
    readonly retryAfterSeconds: number,
  ) {
    super(`429: retry after ${retryAfterSeconds} s`);
  }
}

/** How long a stop waits for the updates in hand before giving up on them. */
const stopGraceMs = 30_000;


/** Creates the Telegram adapter: grammY in, engine events through, replies rendered back out. */
export function createTelegramAdapter(opts: TelegramAdapterOptions): TelegramAdapter {
  const { engine, logger, storefrontId } = opts;
  const bot = new Bot(opts.token, {
    botInfo: opts.botInfo,
    client: opts.apiRoot ? { apiRoot: opts.apiRoot } : undefined,
  });
  // Installed first, so it sits next to the network: every message waits for a slot within Telegram's
  // limits and a 429 pauses the whole bot. auto-retry, outside it, handles network errors and 5xx.
  const queue = createDeliveryQueue({
    limits: opts.deliveryLimits ?? telegramLimits,
    classify: (error) => (error instanceof TooManyRequests ? { kind: 'retry-after', ms: error.retryAfterSeconds * 1000 } : { kind: 'fail' }),
    onPause: (ms) => logger.warn({ ms }, 'telegram asked to slow down (429): pausing this bot'),
  });
  bot.api.config.use(async (prev, method, payload, signal) => {
    const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
    if (!queuedMethods.has(method) || (typeof chatId !== 'number' && typeof chatId !== 'string')) return prev(method, payload, signal);
    try {
      // Edits change a message already there: they do not count against a group's 20 messages a minute.
      const key = method.startsWith('edit') ? `edit:${String(chatId)}` : String(chatId);
      return await queue.run(key, async () => {
        const response = await prev(method, payload, signal);
        if (!response.ok && response.error_code === 429) throw new TooManyRequests(response, response.parameters?.retry_after ?? 1);
        return response;
      });
    } catch (error) {
      // Still refused after the retries: grammY gets Telegram's own answer.
      if (error instanceof TooManyRequests) return error.response as Awaited<ReturnType<typeof prev>>;
      throw error;
    }
  });
  bot.api.config.use(
    autoRetry({ maxRetryAttempts: opts.retry?.maxAttempts ?? 3, maxDelaySeconds: opts.retry?.maxDelaySeconds ?? 30 }),
  );

  // Conversations run side by side (a slow buyer never holds up another); one chat's updates run in order.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  // A person is waiting for the answer to their own tap or message: it goes before bulk traffic.
  bot.use((_ctx, next) => withPriority('interactive', next));
  bot.use(async (ctx) => {
    const query = ctx.callbackQuery;
    // Answer at once so the button stops spinning; the work comes after.
    const answered = query ? ctx.answerCallbackQuery().catch((e) => logger.debug({ err: e }, 'answerCallbackQuery failed')) : undefined;
    const event = toEvent(ctx.update, storefrontId);
    if (!event) {
      await answered;
      return;
    }
    const replies = await engine.handle(event);
    const message = query?.message;
    // An "inaccessible" message (date 0) is too old to be edited or read.
    const pressed: Pressed | undefined =
      message && message.date !== 0 ? { messageId: message.message_id, hadPhoto: Boolean((message as Message).photo) } : undefined;
    await answered;
    try {
      await deliver(bot.api, Number(event.ref.chatId), replies, pressed, logger);
    } catch (error) {
      // 403: the buyer blocked the bot or deleted their account; stop writing to them.
      if (!(error instanceof GrammyError && error.error_code === 403)) throw error;
      engine.markUnreachable(event.ref);
    }
  });

  bot.catch((err) => {
    logger.error({ err: err.error, updateId: err.ctx.update.update_id }, 'telegram update failed');
  });

  let runner: RunnerHandle | undefined;
  const allowedUpdates = ['message', 'callback_query'] as const;
  return {
    bot,
    async send(chatId, replies) {
      try {
        await withPriority('bulk', () => deliver(bot.api, Number(chatId), replies, undefined, logger));
      } catch (error) {
        if (!(error instanceof GrammyError && error.error_code === 403)) throw error;
        engine.markUnreachable({ storefrontId, channel: 'telegram', chatId, userId: chatId });
      }
    },
    async startWebhook(url, secretToken) {
      await bot.init();
      await setCommands(bot.api, opts.i18n, logger);
      await bot.api.setWebhook(url, { secret_token: secretToken, allowed_updates: [...allowedUpdates] });
      logger.info({ bot: bot.botInfo.username }, 'telegram webhook registered');
    },
    webhookRoute(path, secretToken) {
      // 'return' answers Telegram 200 on a slow update instead of failing, so it is not resent while still running.
      // The secret is checked by the route, on the header alone, before the body is read.
      const handleUpdate = webhookCallback(bot, 'callback', { onTimeout: 'return' });
      return {
        path,
        maxBodyBytes: messengerBodyLimit,
        authorize: (headers) => {
          const given = headers['x-telegram-bot-api-secret-token'];
          return secretsEqual(Array.isArray(given) ? given[0] : given, secretToken);
        },
        async handler({ body }, res) {
          const update = JSON.parse(body.toString('utf8')) as unknown;
          if (!update || typeof update !== 'object' || typeof (update as { update_id?: unknown }).update_id !== 'number') throw new Error('not an update');
          await handleUpdate(update as Parameters<typeof handleUpdate>[0], (json: string) => {
            res.writeHead(200, { 'content-type': 'application/json' }).end(json);
          });
          if (!res.headersSent) res.writeHead(200).end();
        },
      };
    },
    async start() {
      await bot.init();
      await setCommands(bot.api, opts.i18n, logger);
      // Long polling and a webhook exclude each other: a webhook left from webhook mode would make getUpdates fail.
      await bot.api.deleteWebhook();
      runner = run(bot, {
        runner: { fetch: { allowed_updates: [...allowedUpdates] }, maxRetryTime: 24 * 3_600_000, retryInterval: 'exponential', silent: true },
        sink: { concurrency: opts.concurrency ?? 500 },
      });
      runner.task()?.catch((error: unknown) => logger.error({ err: error }, 'telegram polling stopped'));
      logger.info({ bot: bot.botInfo.username }, 'telegram bot is polling');
    },
    async stop() {
      const handle = runner;
      if (!handle) return;
      // Stops fetching; the runner does not wait for updates already fetched, so we do (graceful shutdown).
      await handle.stop()?.catch(() => undefined);
      const deadline = Date.now() + stopGraceMs;
      while (handle.size() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    },
    pending: () => runner?.size() ?? 0,
  };
}

async function setCommands(api: Api, i18n: I18n, logger: Logger): Promise<void> {
  try {
    for (const locale of ['ru', 'en'] as const) {
      const commands = menuCommands.map((command) => ({ command, description: i18n.t(locale, `command-${command}`) }));
      await api.setMyCommands(commands, locale === 'ru' ? {} : { language_code: locale });
    }
  } catch (error) {
    // The menu is a convenience: a failure must not keep the shop closed.
    logger.warn({ err: error }, 'could not set the bot command menu');
  }
}

const isNotModified = (e: unknown) => e instanceof GrammyError && e.description.includes('message is not modified');
// Telegram could not use the picture (bad URL, not an image, too big): the text still goes out.
const isBadPhoto = (e: unknown) =>
  e instanceof GrammyError &&
  e.error_code === 400 &&
  /wrong file|failed to get http url|wrong type of the web page|photo_invalid|image_process_failed|wrong remote file/i.test(e.description);

/**
 * Shows replies in a chat. The first reply to a button press edits the pressed message in place
 * when Telegram allows it (text → text, photo → photo, inline keyboard); otherwise the old
 * message is deleted and a new one sent, so navigation never piles up screens.
 */
export async function deliver(api: Api, chatId: number, replies: Reply[], pressed: Pressed | undefined, logger: Logger): Promise<void> {
  for (const [i, reply] of replies.entries()) {
    const messages = renderReply(reply);
    let edited = false;
    if (i === 0 && reply.replace && pressed) {
      const single = messages.length === 1 ? messages[0]! : undefined;
      edited = Boolean(single && isEditable(single.markup) && (await tryEdit(api, chatId, pressed, single, logger)));
      if (!edited) await api.deleteMessage(chatId, pressed.messageId).catch(() => undefined);
    }
    if (!edited) for (const message of messages) await send(api, chatId, message, logger);
    if (reply.document) await api.sendDocument(chatId, new InputFile(Buffer.from(reply.document.content, 'utf8'), reply.document.filename));
  }
}

async function tryEdit(api: Api, chatId: number, pressed: Pressed, message: TelegramMessage, logger: Logger): Promise<boolean> {
  const reply_markup = message.markup && 'inline_keyboard' in message.markup ? message.markup : undefined;
  try {
    if (message.kind === 'text' && !pressed.hadPhoto) {
      await api.editMessageText(chatId, pressed.messageId, message.text, { reply_markup });
      return true;
    }
    if (message.kind === 'photo' && pressed.hadPhoto) {
      await api.editMessageMedia(chatId, pressed.messageId, { type: 'photo', media: message.photo, caption: message.caption }, { reply_markup });
      return true;
    }
    return false;
  } catch (error) {
    if (isNotModified(error)) return true;
    logger.debug({ err: error }, 'edit failed; sending a new message instead');
    return false;
  }
}

async function send(api: Api, chatId: number, message: TelegramMessage, logger: Logger): Promise<void> {
  let sent: Message | undefined;
  if (message.kind === 'text') {
    sent = await api.sendMessage(chatId, message.text, { reply_markup: message.markup });
  } else {
    try {
      sent = await api.sendPhoto(chatId, message.photo, { caption: message.caption, reply_markup: message.markup });
    } catch (error) {
      if (!isBadPhoto(error)) throw error;
      logger.warn({ photo: message.photo, err: error }, 'photo rejected by Telegram; sending text only');
      if (message.caption || message.markup) sent = await api.sendMessage(chatId, message.caption ?? '…', { reply_markup: message.markup });
    }
  }
  if (!message.followUp || !sent) return;
  try {
    await api.editMessageReplyMarkup(chatId, sent.message_id, { reply_markup: message.followUp });
  } catch (error) {
    // The buttons must reach the buyer: as a copy of the text with the keyboard.
    logger.debug({ err: error }, 'could not add buttons to the message; sending them with a copy');
    await api.sendMessage(chatId, message.kind === 'text' ? message.text : (message.caption ?? '…'), { reply_markup: message.followUp });
  }
}

/** Asks Telegram who a token belongs to (getMe, once, no retries): the bot's username, or undefined if refused. */
export async function checkTelegramToken(token: string, apiRoot?: string): Promise<string | undefined> {
  try {
    const bot = new Bot(token, { client: { ...(apiRoot ? { apiRoot } : {}), timeoutSeconds: 15 } });
    const me = await bot.api.getMe();
    return me.username;
  } catch {
    return undefined;
  }
}
