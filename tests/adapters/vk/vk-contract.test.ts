import { buyerContract } from '../../contract/buyer-contract.js';
import { vkDriver } from '../../contract/vk-driver.js';

buyerContract('VK', vkDriver);
