import type { Config } from '../config.js';

/** Every secret of the configuration, scrubbed from the logs (see createSecretList). */
export function configSecrets(config: Config): Array<string | undefined> {
  return [
    config.telegramBotToken,
    config.vk?.groupToken,
    config.webhook?.telegramSecret,
    config.webhook?.vkSecret,
    // The warehouse API's HMAC key: whoever has it can forge status callbacks and hand-offs.
    config.fulfillment.provider === 'http' ? config.fulfillment.secret : undefined,
    // The key that opens every stored bot token, in the forms an operator writes it.
    config.secretsKey?.toString('hex'),
    config.secretsKey?.toString('base64'),
  ];
}
