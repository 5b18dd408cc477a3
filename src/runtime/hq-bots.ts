import type { Config } from '../config.js';
import type { BotEntry } from './messenger-factories.js';

/** The franchisor's own bots, one a channel, as env configures them (TELEGRAM_BOT_TOKEN, VK_GROUP_TOKEN and VK_GROUP_ID, MAX_BOT_TOKEN). */
export function hqBots(config: Config): Array<Pick<BotEntry, 'channel' | 'token' | 'groupId'>> {
  return [
    ...(config.telegramBotToken ? [{ channel: 'telegram' as const, token: config.telegramBotToken }] : []),
    ...(config.vk ? [{ channel: 'vk' as const, token: config.vk.groupToken, groupId: config.vk.groupId }] : []),
    ...(config.maxBotToken ? [{ channel: 'max' as const, token: config.maxBotToken }] : []),
  ];
}
