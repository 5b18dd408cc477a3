import { buyerContract } from './buyer-contract.js';
import { contractDrivers } from './drivers.js';

for (const { name, driver } of Object.values(contractDrivers)) buyerContract(name, driver);
