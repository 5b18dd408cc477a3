import type { Channel } from '../../src/shared/conversation.js';
import type { DriverFactory } from './chat-driver.js';
import { consoleDriver } from './console-driver.js';
import { maxDriver } from './max-driver.js';
import { telegramDriver } from './telegram-driver.js';
import { vkDriver } from './vk-driver.js';

/**
 * Every chat surface the buyer contract runs against, one entry a channel: a channel added to
 * `Channel` without a driver here does not compile.
 */
export const contractDrivers: Record<Channel, { name: string; driver: DriverFactory }> = {
  console: { name: 'console', driver: consoleDriver },
  telegram: { name: 'Telegram', driver: telegramDriver },
  vk: { name: 'VK', driver: vkDriver },
  max: { name: 'MAX', driver: maxDriver },
};
