import { describe, expect, it } from 'vitest';
import { formatPhone, parsePhone } from '../../src/shared/phone.js';

describe('parsePhone', () => {
  it.each([
    ['89161234567', '+79161234567'],
    ['+7 (916) 123-45-67', '+79161234567'],
    ['9161234567', '+79161234567'],
    ['8 (495) 123-45-67', '+74951234567'],
    ['+375 29 123-45-67', '+375291234567'],
  ])('reads %s as %s', (input, e164) => {
    expect(parsePhone(input, 'RU')).toEqual({ ok: true, e164 });
  });

  it('reads a shared Telegram contact, which comes without "+"', () => {
    expect(parsePhone('79161234567', 'RU', { fromContact: true })).toEqual({ ok: true, e164: '+79161234567' });
  });

  it.each([
    ['call me', 'not-a-number'],
    ['911', 'too-short'],
    ['+7 916 12', 'too-short'],
    ['+7 916 123-45-67-99-99', 'too-long'],
    ['+7 000 000 00 00', 'invalid'],
  ])('says what is wrong with %s', (input, problem) => {
    expect(parsePhone(input, 'RU')).toEqual({ ok: false, problem });
  });

  it('formats E.164 for people', () => {
    expect(formatPhone('+79161234567')).toBe('+7 916 123 45 67');
  });
});
