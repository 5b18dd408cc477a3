/**
 * Starts and stops storefronts' own bots at run time; implemented outside the engine, which
 * knows no messenger library. Checks answer with a display name, or undefined when refused.
 */
export interface StorefrontBots {
  checkTelegram(token: string): Promise<string | undefined>;
  checkVk(token: string, groupId: number): Promise<string | undefined>;
  /** Asks MAX (`GET /me`) whose token it is: the bot's name, or undefined when refused. */
  checkMax(token: string): Promise<string | undefined>;
  /** Stores a checked token (encrypted when SECRETS_KEY is set); `start` then runs the bot. */
  saveTelegram(storefrontId: number, token: string, username: string): void;
  saveVk(storefrontId: number, token: string, groupId: number): void;
  saveMax(storefrontId: number, token: string): void;
  start(storefrontId: number): Promise<void>;
  stop(storefrontId: number): Promise<void>;
}
