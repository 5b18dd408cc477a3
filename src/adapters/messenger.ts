import type { DeliveryLimits } from '../delivery/delivery-queue.js';
import type { Channel } from '../shared/conversation.js';
import type { Reply } from '../shared/replies.js';
import type { Route } from '../http/http-server.js';

/** The messengers a storefront's bot can run in (the console is a local chat, not a bot). */
export type BotChannel = Exclude<Channel, 'console'>;

/** Sends replies to a chat on the bot's own initiative: what the outbox reaches people through. */
export type Sender = (chatId: string, replies: Reply[]) => Promise<void>;

/** What every chat surface offers the outbox, the console chat included. */
export interface ChatSender {
  /** The channel code, as in `ConversationRef.channel` and the `<storefront>:<channel>` sender key. */
  readonly channel: Channel;
  /**
   * Sends replies to a chat (order news, staff notices, warehouse cards), waiting in the delivery
   * queue as bulk traffic; a person who blocked the bot is marked unreachable, not an error.
   * Answers to a person's own message or button press go out inside the adapter, where the
   * pressed message is known and is edited in place when the messenger allows it.
   */
  send: Sender;
}

/**
 * One running bot of one storefront in one messenger: what the runtime
 * (src/runtime/messenger-runtime.ts) needs to start, stop, pause and resume it and to reach
 * people through it. A channel implements it and adds one factory to `messengerFactories`.
 *
 * Answering a button press (so the button stops spinning) and uploading media (VK uploads a
 * picture once per community and caches the attachment in `MediaCache`) happen inside the
 * adapter while it handles an update: no caller outside the adapter needs them, so they are not
 * members here.
 */
export interface Messenger extends ChatSender {
  readonly channel: BotChannel;
  /** The rate limits its delivery queue keeps (messages a second per bot, allowance per chat). */
  readonly limits: DeliveryLimits;
  /**
   * The webhook route this bot's updates arrive on, when it runs in webhook mode; the runtime adds
   * it to the HTTP server before {@link Messenger.start} and removes it on stop. The route
   * enforces the messenger's authorization (a constant-time secret compare, in a header when the
   * messenger sends it there) and the 1 MB body limit (`messengerBodyLimit`).
   */
  readonly route?: Route;
  /** Starts serving: long polling, or registering the webhook with the messenger (webhook mode). */
  start(): Promise<void>;
  /** Stops serving in this process and waits for the updates in hand; a webhook stays registered, so a restart picks up. */
  stop(): Promise<void>;
  /**
   * Called after {@link Messenger.stop} when the storefront is paused: removes the webhook, so the
   * messenger holds buyers' messages until the bot is resumed. Nothing to do for long polling.
   */
  release(): Promise<void>;
  /** How many updates read from the messenger are still being handled. */
  pending(): number;
}
