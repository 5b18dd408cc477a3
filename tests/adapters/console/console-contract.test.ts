import { buyerContract } from '../../contract/buyer-contract.js';
import { consoleDriver } from '../../contract/console-driver.js';

buyerContract('console', consoleDriver);
