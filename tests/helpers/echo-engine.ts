import type { Engine } from '../../src/engine/engine.js';
import type { InboundEvent } from '../../src/engine/events.js';

/**
 * An engine for adapter tests that answers `echo <text>`, taking `delayMs(chatId, text)` to do it,
 * and logs when each event started and ended (`start <text>`, `end <text>`).
 */
export function echoEngine(delayMs: (chatId: string, text: string) => number = () => 0): { engine: Engine; log: string[] } {
  const log: string[] = [];
  const engine: Engine = {
    async handle(event: InboundEvent) {
      const text = event.type === 'text' ? event.text : event.type;
      log.push(`start ${text}`);
      await new Promise((r) => setTimeout(r, delayMs(event.ref.chatId, text)));
      log.push(`end ${text}`);
      return [{ text: `echo ${text}` }];
    },
    markUnreachable() {},
  };
  return { engine, log };
}
