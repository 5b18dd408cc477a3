import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
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

/** Relative imports of each source file (type-only ones too: they tie modules together just the same), as repo paths. */
const importGraph = new Map(
  sources.map((f) => {
    const specs = [...f.text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)\.js['"]/g)].map((m) => m[1]!);
    return [f.path, specs.map((spec) => normalize(join(dirname(f.path), `${spec}.ts`)))] as const;
  }),
);

/** The top folder under src: `engine`, `orders`, ... (`main.ts` and `config.ts` for the two files at the root). */
const layerOf = (path: string) => path.split('/')[1]!;

/** Folders above the domain: the conversation engine, the messenger adapters, the HTTP server, the process wiring, scripts. */
const upperLayers = new Set(['engine', 'adapters', 'http', 'runtime', 'scripts', 'main.ts']);

/** Import cycles among source files: each one as the list of files it goes through. */
function importCycles(graph: Map<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next) && graph.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

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
    expect(callers).toEqual(['src/engine/order-notices.ts', 'src/engine/seller-messages.ts', 'src/engine/warehouse-card-handler.ts', 'src/outbox/text-messages.ts']);
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
  it('points arrows down: domain folders import nothing from the engine, adapters, HTTP server or runtime', () => {
    const upward = [...importGraph].flatMap(([from, targets]) =>
      upperLayers.has(layerOf(from)) || from === 'src/config.ts'
        ? []
        : targets.filter((to) => ['engine', 'adapters', 'http', 'runtime'].includes(layerOf(to))).map((to) => `${from} -> ${to}`),
    );
    expect(upward).toEqual([]);
    // The engine knows no messenger, no HTTP server and no process wiring.
    const fromEngine = [...importGraph].filter(([from]) => layerOf(from) === 'engine').flatMap(([from, targets]) => targets.map((to) => `${from} -> ${to}`));
    expect(fromEngine.filter((edge) => /-> src\/(adapters|http|runtime)\//.test(edge))).toEqual([]);
    // The check sees imports: the engine does import the order service, and adapters the engine.
    expect(importGraph.get('src/engine/engine.ts')).toContain('src/orders/order-service.ts');
  });

  it('has no import cycles', () => {
    expect(importCycles(importGraph)).toEqual([]);
    // The cycle finder finds one when there is one.
    expect(importCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('keeps shared types (Channel, ConversationRef, Locale, Reply) in src/shared', () => {
    const declares = (name: string) => sources.filter((f) => new RegExp(`export (?:type|interface) ${name}\\b`).test(f.text)).map((f) => f.path);
    expect(declares('Channel')).toEqual(['src/shared/conversation.ts']);
    expect(declares('ConversationRef')).toEqual(['src/shared/conversation.ts']);
    expect(declares('Locale')).toEqual(['src/shared/money.ts']);
    expect(declares('Reply')).toEqual(['src/shared/replies.ts']);
  });
});
