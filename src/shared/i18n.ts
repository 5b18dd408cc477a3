import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import type { Locale } from './money.js';

/** Arguments of a localized message. */
export type MessageArgs = Record<string, FluentVariable>;

/** Renders localized messages from `locales/<locale>.ftl`. */
export interface I18n {
  t(locale: Locale, id: string, args?: MessageArgs): string;
  /** Every message id of a locale, for tests. */
  ids(locale: Locale): string[];
}

/** Thrown when code asks for a message that a locale does not have. */
export class MissingMessageError extends Error {
  override readonly name = 'MissingMessageError';
}

export const locales: readonly Locale[] = ['ru', 'en'];
const defaultDir = fileURLToPath(new URL('../../locales', import.meta.url));

/** Loads both locales. Fluent picks plural forms by locale (1 товар, 2 товара, 5 товаров). */
export function createI18n(dir: string = defaultDir): I18n {
  const bundles = new Map<Locale, FluentBundle>();
  const messageIds = new Map<Locale, string[]>();
  /** Messages without arguments always read the same (button labels, prompts): formatted once per locale. */
  const constants = new Map<Locale, Map<string, string>>();
  for (const locale of locales) {
    // useIsolating off: Unicode isolation marks around values show up as junk in chat clients.
    const bundle = new FluentBundle(locale, { useIsolating: false });
    const resource = new FluentResource(readFileSync(`${dir}/${locale}.ftl`, 'utf8'));
    const errors = bundle.addResource(resource);
    if (errors.length) throw new Error(`locales/${locale}.ftl: ${errors.map(String).join('; ')}`);
    bundles.set(locale, bundle);
    constants.set(locale, new Map());
    messageIds.set(locale, resource.body.filter((m) => !m.id.startsWith('-')).map((m) => m.id));
  }
  return {
    t(locale, id, args) {
      const known = args ? undefined : constants.get(locale)!.get(id);
      if (known !== undefined) return known;
      const bundle = bundles.get(locale)!;
      const message = bundle.getMessage(id);
      if (!message?.value) throw new MissingMessageError(`locales/${locale}.ftl has no message "${id}"`);
      const errors: Error[] = [];
      const text = bundle.formatPattern(message.value, args, errors);
      if (errors.length) throw new MissingMessageError(`${locale}/${id}: ${errors.map(String).join('; ')}`);
      if (!args) constants.get(locale)!.set(id, text);
      return text;
    },
    ids(locale) {
      return messageIds.get(locale)!;
    },
  };
}
