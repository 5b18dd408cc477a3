import { createHash } from 'node:crypto';

/**
 * The secret Telegram sends with each webhook request when none is configured: derived from the
 * bot token, so it survives restarts, differs per bot, and is known to nobody without the token.
 */
export function webhookSecretFor(token: string): string {
  return createHash('sha256').update(`sarafan-telegram-webhook:${token}`).digest('base64url').slice(0, 32);
}
