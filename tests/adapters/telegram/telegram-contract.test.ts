import { buyerContract } from '../../contract/buyer-contract.js';
import { telegramDriver } from '../../contract/telegram-driver.js';

buyerContract('Telegram', telegramDriver);
