import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/shared/logger.js';

describe('logger', () => {
  it('scrubs secrets wherever they appear in a line', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const token = '123456789:AAH-secret-token-value-xyz';
    const logger = createLogger({ level: 'info', secrets: [token], destination: sink });
    logger.error({ err: new Error(`request to https://api.telegram.org/bot${token}/getMe failed`) }, `token ${token}`);
    await new Promise((r) => setImmediate(r));
    const out = lines.join('');
    expect(out).toContain('[secret]');
    expect(out).not.toContain(token);
  });
});
