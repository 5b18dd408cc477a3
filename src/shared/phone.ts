import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js';

/** Why a phone number was not accepted; each has a localized explanation. */
export type PhoneProblem = 'not-a-number' | 'too-short' | 'too-long' | 'invalid';

/** The outcome of reading a phone number: E.164 on success. */
export type PhoneResult = { ok: true; e164: string } | { ok: false; problem: PhoneProblem };

/**
 * Reads a phone number typed by a person or shared as a Telegram contact. Numbers without a
 * country code are read in `region` (8 912… and 912… both work for Russia); a contact's digits
 * without "+" are international, as Telegram sends them.
 */
export function parsePhone(input: string, region: string, opts: { fromContact?: boolean } = {}): PhoneResult {
  let text = input.trim();
  if (!/\d/.test(text) || /[^\d\s()+\-.]/.test(text)) return { ok: false, problem: 'not-a-number' };
  if (opts.fromContact && /^\d+$/.test(text)) text = `+${text}`;
  const country = region as CountryCode;
  const parsed = parsePhoneNumberFromString(text, country);
  if (parsed?.isValid()) return { ok: true, e164: parsed.number };
  const length = validatePhoneNumberLength(text, country);
  if (length === 'TOO_SHORT' || length === 'NOT_A_NUMBER') return { ok: false, problem: 'too-short' };
  if (length === 'TOO_LONG' || hasExtraDigits(parsed)) return { ok: false, problem: 'too-long' };
  return { ok: false, problem: 'invalid' };
}

/** True when dropping trailing digits would give a valid number: the person typed too many. */
function hasExtraDigits(parsed: ReturnType<typeof parsePhoneNumberFromString>): boolean {
  if (!parsed) return false;
  const national = parsed.nationalNumber;
  for (let cut = national.length - 1; cut >= 4; cut--) {
    if (parsePhoneNumberFromString(`+${parsed.countryCallingCode}${national.slice(0, cut)}`)?.isValid()) return true;
  }
  return false;
}

/** Formats an E.164 number the way people write it: `+7 912 345-67-89`. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
