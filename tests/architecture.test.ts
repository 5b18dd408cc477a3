import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const sources = files(join(root, 'src')).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));

describe('architecture', () => {
  it('keeps grammy and vk-io inside src/adapters', () => {
    const importsMessenger = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](grammy|vk-io|@grammyjs\/[^'"]+)(?:\/[^'"]*)?['"]/;
    const leaks = sources.filter((f) => !f.path.startsWith('src/adapters/') && importsMessenger.test(f.text)).map((f) => f.path);
    expect(leaks).toEqual([]);
    // The check itself works: the Telegram adapter does import grammY.
    expect(sources.some((f) => f.path.startsWith('src/adapters/telegram/') && importsMessenger.test(f.text))).toBe(true);
  });

  it('reads process.env only in src/config.ts', () => {
    const readers = sources.filter((f) => /process\.env/.test(f.text.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, ''))).map((f) => f.path);
    expect(readers).toEqual(['src/config.ts']);
  });

  it('keeps user-visible Russian text out of src (it belongs in locales/)', () => {
    const cyrillicString = /(['"`])[^'"`\n]*[А-Яа-яЁё]{3,}[^'"`\n]*\1/;
    const offenders = sources
      .flatMap((f) => f.text.split('\n').map((line, i) => ({ where: `${f.path}:${i + 1}`, line })))
      .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line) && cyrillicString.test(line))
      .map(({ where }) => where);
    expect(offenders).toEqual([]);
  });

  it('sends to another person only from outbox delivery handlers: no message bypasses the persisted outbox', () => {
    const code = (text: string) => text.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '');
    // Calling the messenger on someone else's behalf: `notify(...)` (deps.notify, or a Notifier passed in).
    const callers = sources.filter((f) => /\bnotify\s*\(/.test(code(f.text))).map((f) => f.path).sort();
    expect(callers).toEqual(['src/engine/order-notices.ts', 'src/engine/seller-messages.ts', 'src/fulfillment/warehouse-cards.ts', 'src/outbox/text-messages.ts']);
    // Each of them only builds outbox handlers (and writes rows); none is reachable from a screen or a timer.
    for (const path of callers) expect(code(sources.find((f) => f.path === path)!.text), path).toMatch(/\bDeliveryHandler\b/);
    // The Notifier is made by the messenger runtime and handed only to those handlers (main.ts passes it to the runtime that builds the outbox worker).
    const holders = sources.filter((f) => /\bNotifier\b/.test(code(f.text))).map((f) => f.path).sort();
    expect(holders).toEqual([...callers, 'src/outbox/notifier.ts', 'src/runtime/fulfillment-runtime.ts', 'src/runtime/message-handlers.ts', 'src/runtime/messenger-runtime.ts'].sort());
    // The bots' senders are reached only through the messenger runtime's Notifier.
    expect(sources.filter((f) => /senders\.get\(/.test(code(f.text))).map((f) => f.path)).toEqual(['src/runtime/messenger-runtime.ts']);
    // No second, in-memory path: the engine neither holds a notifier nor collects notifications for after the commit.
    const engine = ['src/engine/engine.ts', 'src/engine/context.ts'].map((p) => code(sources.find((f) => f.path === p)!.text)).join('\n');
    expect(engine).not.toMatch(/\bnotify\b|\bNotification\b|\boutbox\s*:\s*\[/);
  });
});
