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
});
