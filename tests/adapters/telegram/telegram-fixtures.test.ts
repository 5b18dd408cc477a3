import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anna, startTelegramHarness, type TelegramHarness } from '../../helpers/telegram-harness.js';

const dir = new URL('../../fixtures/telegram/', import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('Telegram robustness on real-world updates', () => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startTelegramHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('has the fixtures to feed', () => {
    expect(fixtures.length).toBeGreaterThan(30);
  });

  it('survives every fixture update and still answers /start', async () => {
    for (const file of fixtures) {
      const update = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
      delete update.update_id;
      h.tg.pushUpdate(update);
      await h.tg.settle();
    }
    h.tg.sendText(anna, '/start');
    await h.tg.settle();
    expect(h.tg.lastMessage(anna.id)?.text).toContain('Здравствуйте');
  });

  it('answers what a buyer sends in a private chat and ignores groups, channels and service updates', async () => {
    const feed = async (file: string) => {
      const update = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
      delete update.update_id;
      h.tg.pushUpdate(update);
      await h.tg.settle();
      return update;
    };
    // A sticker in a private chat gets a friendly explanation (in English: the sender's Telegram is Italian).
    const sticker = await feed('sticker.json');
    expect(h.tg.lastMessage(sticker.message.chat.id)?.text).toContain('I understand text and buttons');
    // Channel posts and membership changes get no answer at all.
    const before = h.tg.callsOf('sendMessage').length + h.tg.callsOf('sendPhoto').length;
    await feed('channel_post.json');
    await feed('my_chat_member.json');
    await feed('edited_message.json');
    await feed('new_chat_members.json');
    expect(h.tg.callsOf('sendMessage').length + h.tg.callsOf('sendPhoto').length).toBe(before);
  });
});
