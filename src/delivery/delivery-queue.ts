import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is waiting for a message: a person who just tapped or typed (`interactive`, goes first) or
 * nobody in particular (`bulk`: order news, staff notices, later broadcasts).
 */
export type DeliveryPriority = 'interactive' | 'bulk';

/** How fast one bot may write, as a messenger enforces it. */
export interface DeliveryLimits {
  /** Messages per second for the whole bot (Telegram about 30, VK 20). */
  perSecond: number;
  /** The allowance of one chat: up to `burst` at once, refilled at `perMinute`. */
  chat(chatId: string): { burst: number; perMinute: number };
}

/** What a failed send tells the queue. */
export type SendFailure =
  /** The messenger says slow down: everything of this bot waits this long, then this send is tried again. */
  | { kind: 'retry-after'; ms: number }
  /** Anything else: the caller gets the error. */
  | { kind: 'fail' };

/** What the queue needs besides the limits; the clock is injectable for tests. */
export interface DeliveryQueueOptions {
  limits: DeliveryLimits;
  classify(error: unknown): SendFailure;
  /** How many times one send is tried after "slow down" answers. Default 5. */
  maxRetries?: number;
  now?: () => number;
  /** Called when a "slow down" answer pauses the bot (for logs). */
  onPause?: (ms: number) => void;
}

/**
 * One bot's outgoing messages: every send waits for a free slot within the bot's limit and the
 * chat's allowance; interactive sends go before bulk ones; a "slow down" answer pauses the whole
 * bot for the time asked and the send is tried again.
 */
export interface DeliveryQueue {
  /** Runs `send` when the limits allow; resolves or rejects with its outcome. */
  run<T>(chatId: string, send: () => Promise<T>, priority?: DeliveryPriority): Promise<T>;
  /** Sends waiting for a slot. */
  size(): number;
}

interface Job {
  chatId: string;
  send: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  retries: number;
}

interface ChatAllowance {
  tokens: number;
  at: number;
}

/** The share of a messenger's limit used: 3% is kept in hand for the network's jitter. */
const paceMargin = 0.97;

/** How far down the queue a free chat is looked for, so one busy chat does not hold up the rest. */
const lookAhead = 500;

/** The priority of sends made inside `withPriority`, for code that cannot pass it along (an API transformer). */
const currentPriority = new AsyncLocalStorage<DeliveryPriority>();

/** Runs `fn` so that the sends it makes have this priority. */
export function withPriority<T>(priority: DeliveryPriority, fn: () => T): T {
  return currentPriority.run(priority, fn);
}

/** The priority of the code running now: `bulk` unless inside `withPriority`. */
export function priorityNow(): DeliveryPriority {
  return currentPriority.getStore() ?? 'bulk';
}

/** Creates one bot's delivery queue. */
export function createDeliveryQueue(options: DeliveryQueueOptions): DeliveryQueue {
  const now = options.now ?? Date.now;
  const maxRetries = options.maxRetries ?? 5;
  const queues: Record<DeliveryPriority, Job[]> = { interactive: [], bulk: [] };
  // Sends are spread evenly, a little under the limit: the messenger counts arrivals, and a burst
  // sent at once arrives spread out, so the next second's burst would collide with its tail.
  const spacingMs = 1000 / (options.limits.perSecond * paceMargin);
  let nextSlotAt = 0;
  const chats = new Map<string, ChatAllowance>();
  let pausedUntil = 0;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;

  function allowance(chatId: string, at: number): ChatAllowance {
    const { burst, perMinute } = options.limits.chat(chatId);
    const found = chats.get(chatId);
    if (!found) return { tokens: burst, at };
    const refilled = Math.min(burst, found.tokens + ((at - found.at) * perMinute) / 60_000);
    return { tokens: refilled, at };
  }

  /** When the chat has a whole message of allowance again. */
  function chatReadyAt(chatId: string, at: number): number {
    const a = allowance(chatId, at);
    if (a.tokens >= 1) return at;
    const { perMinute } = options.limits.chat(chatId);
    return at + Math.ceil(((1 - a.tokens) * 60_000) / perMinute);
  }

  function take(chatId: string, at: number): void {
    const a = allowance(chatId, at);
    chats.set(chatId, { tokens: a.tokens - 1, at });
    nextSlotAt = Math.max(nextSlotAt, at) + spacingMs;
  }

  function schedule(at: number): void {
    if (at >= timerAt) return;
    if (timer) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(
      () => {
        timer = undefined;
        timerAt = Infinity;
        pump();
      },
      Math.max(0, at - now()),
    );
  }

  function pump(): void {
    for (;;) {
      const at = now();
      if (queues.interactive.length === 0 && queues.bulk.length === 0) return;
      if (pausedUntil > at) return schedule(pausedUntil);
      // The clock counts whole milliseconds: a slot within the current one is due now. Otherwise a
      // bot allowed more than 1,000 messages a second (paid broadcasts) would send one per timer tick.
      if (nextSlotAt >= at + 1) return schedule(nextSlotAt);
      let earliest = Infinity;
      let picked: { queue: Job[]; index: number } | undefined;
      for (const queue of [queues.interactive, queues.bulk]) {
        const seen = new Set<string>();
        for (let i = 0; i < queue.length && i < lookAhead; i++) {
          const job = queue[i]!;
          // A chat's messages keep their order: only its first waiting message is a candidate.
          if (seen.has(job.chatId)) continue;
          seen.add(job.chatId);
          const ready = chatReadyAt(job.chatId, at);
          if (ready <= at) {
            picked = { queue, index: i };
            break;
          }
          earliest = Math.min(earliest, ready);
        }
        if (picked) break;
      }
      if (!picked) return schedule(earliest);
      const [job] = picked.queue.splice(picked.index, 1) as [Job];
      take(job.chatId, at);
      start(job, picked.queue);
    }
  }

  function start(job: Job, queue: Job[]): void {
    job.send().then(job.resolve, (error: unknown) => {
      const failure = options.classify(error);
      if (failure.kind === 'retry-after' && job.retries < maxRetries) {
        job.retries += 1;
        pausedUntil = Math.max(pausedUntil, now() + failure.ms);
        options.onPause?.(failure.ms);
        // Back at the head of its line: it keeps its place before later messages to the same chat.
        queue.unshift(job);
        pump();
        return;
      }
      job.reject(error);
    });
  }

  return {
    run<T>(chatId: string, send: () => Promise<T>, priority: DeliveryPriority = priorityNow()): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queues[priority].push({ chatId, send, resolve: resolve as (value: unknown) => void, reject, retries: 0 });
        pump();
      });
    },
    size: () => queues.interactive.length + queues.bulk.length,
  };
}
