import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

// Kept apart from tests/architecture.test.ts until MAX is wired in; the two can then merge.
describe('MAX client boundary', () => {
  it('keeps @maxhub/max-bot-api inside src/adapters', () => {
    const importsMax = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]@maxhub\/max-bot-api(?:\/[^'"]*)?['"]/;
    const sources = files(join(root, 'src')).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));
    expect(sources.filter((f) => !f.path.startsWith('src/adapters/') && importsMax.test(f.text)).map((f) => f.path)).toEqual([]);
    // The check itself works: the MAX adapter does import the client.
    expect(sources.some((f) => f.path.startsWith('src/adapters/max/') && importsMax.test(f.text))).toBe(true);
  });
});
