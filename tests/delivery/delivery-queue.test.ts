import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDeliveryQueue, withPriority, type DeliveryLimits, type DeliveryQueue } from '../../src/delivery/delivery-queue.js';
import { telegramLimits } from '../../src/delivery/messenger-limits.js';

class TooManyRequests extends Error {
  constructor(readonly retryAfterMs: number) {
    super('429');
  }
}

/** A messenger that enforces the limits on the clock and answers 429 to a send over them. */
function strictMessenger(limits: { perSecond: number; groupPerMinute?: number }) {
  const sent: Array<{ chat: string; at: number; text: string }> = [];
  let refusals = 0;
  const send = (chat: string, text: string) => async () => {
    const at = Date.now();
    const lastSecond = sent.filter((s) => s.at > at - 1000).length;
    const lastMinuteInGroup = chat.startsWith('-') ? sent.filter((s) => s.chat === chat && s.at > at - 60_000).length : 0;
    if (lastSecond >= limits.perSecond || lastMinuteInGroup >= (limits.groupPerMinute ?? Infinity)) {
      refusals += 1;
      throw new TooManyRequests(1000);
    }
    sent.push({ chat, at, text });
  };
  return { send, sent, refusals: () => refusals };
}

function queueWith(limits: DeliveryLimits): DeliveryQueue {
  return createDeliveryQueue({
    limits,
    classify: (error) => (error instanceof TooManyRequests ? { kind: 'retry-after', ms: error.retryAfterMs } : { kind: 'fail' }),
  });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], loopLimit: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('delivery queue', () => {
  it('10,000 order messages to distinct buyers go out at ≥ 28 per second with no 429', async () => {
    const api = strictMessenger({ perSecond: 30 });
    const queue = queueWith(telegramLimits);
    const started = Date.now();
    const all = Array.from({ length: 10_000 }, (_, i) => queue.run(String(100_000 + i), api.send(String(100_000 + i), 'status'), 'bulk'));
    await vi.runAllTimersAsync();
    await Promise.all(all);
    const seconds = (Date.now() - started) / 1000;
    expect(api.sent).toHaveLength(10_000);
    expect(api.refusals()).toBe(0);
    expect(10_000 / seconds).toBeGreaterThanOrEqual(28);
  });

  it('a buyer\'s own reply overtakes the bulk traffic waiting', async () => {
    const api = strictMessenger({ perSecond: 30 });
    const queue = queueWith(telegramLimits);
    const bulk = Array.from({ length: 300 }, (_, i) => queue.run(String(i + 1), api.send(String(i + 1), 'news'), 'bulk'));
    const reply = withPriority('interactive', () => queue.run('777', api.send('777', 'answer')));
    await vi.advanceTimersByTimeAsync(1100);
    await reply;
    // Sent within the second slot, ahead of ~270 bulk messages that were queued before it.
    expect(api.sent.findIndex((s) => s.text === 'answer')).toBeLessThan(61);
    await vi.runAllTimersAsync();
    await Promise.all(bulk);
    expect(api.refusals()).toBe(0);
  });

  it('keeps a chat to its allowance: a short burst, then about one a second; a group 20 a minute', async () => {
    const api = strictMessenger({ perSecond: 30, groupPerMinute: 20 });
    const queue = queueWith(telegramLimits);
    const started = Date.now();
    const toBuyer = Array.from({ length: 10 }, (_, i) => queue.run('5001', api.send('5001', `m${i}`)));
    const toGroup = Array.from({ length: 45 }, (_, i) => queue.run('-1001234567890', api.send('-1001234567890', `g${i}`)));
    await vi.runAllTimersAsync();
    await Promise.all([...toBuyer, ...toGroup]);
    const buyerTimes = api.sent.filter((s) => s.chat === '5001').map((s) => s.at - started);
    // A burst of three (paced a few milliseconds apart within the bot's rate), then about one a second.
    expect(buyerTimes[2]).toBeLessThan(200);
    expect(buyerTimes.at(-1)).toBeGreaterThanOrEqual(6_900);
    // One chat's messages keep their order.
    expect(api.sent.filter((s) => s.chat === '5001').map((s) => s.text)).toEqual(toBuyer.map((_, i) => `m${i}`));
    const groupTimes = api.sent.filter((s) => s.chat.startsWith('-')).map((s) => s.at);
    for (const t of groupTimes) expect(groupTimes.filter((u) => u > t - 60_000 && u <= t).length).toBeLessThanOrEqual(20);
    expect(api.refusals()).toBe(0);
  });

  it('a 429 pauses the whole bot for the time asked, then the refused send goes again', async () => {
    const queue = queueWith(telegramLimits);
    const times = new Map<string, number>();
    let refuseOnce = true;
    const started = Date.now();
    const send = (text: string) => async () => {
      if (text === 'b' && refuseOnce) {
        refuseOnce = false;
        throw new TooManyRequests(5000);
      }
      times.set(text, Date.now() - started);
    };
    const first = ['a', 'b'].map((t, i) => queue.run(String(i + 1), send(t)));
    await vi.advanceTimersByTimeAsync(10);
    // Queued after the 429, to another chat: it waits for the pause too.
    const later = queue.run('3', send('c'));
    await vi.runAllTimersAsync();
    await Promise.all([...first, later]);
    expect(times.get('a')).toBe(0);
    expect(times.get('b')).toBeGreaterThanOrEqual(5000);
    expect(times.get('c')).toBeGreaterThanOrEqual(5000);
  });

  it('any other error fails that send only', async () => {
    const queue = queueWith(telegramLimits);
    const failing = queue
      .run('1', async () => {
        throw new Error('Forbidden: bot was blocked by the user');
      })
      .catch((error: unknown) => error);
    const fine = queue.run('2', async () => 'ok');
    await vi.runAllTimersAsync();
    expect(await failing).toBeInstanceOf(Error);
    expect(String(await failing)).toContain('blocked');
    await expect(fine).resolves.toBe('ok');
  });

  it('lets a bot allowed more than a message per millisecond send many at once, not one per timer tick', () => {
    // Fake time stands still: only sends that need no timer can start.
    const queue = queueWith({ perSecond: 100_000, chat: () => ({ burst: 10, perMinute: 600 }) });
    let started = 0;
    for (let i = 0; i < 50; i++) void queue.run(`chat-${i}`, async () => void started++);
    expect(started).toBe(50);
    expect(queue.size()).toBe(0);
  });
});
