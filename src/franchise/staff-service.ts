import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { preparedOnce } from '../db/prepared.js';
import { buyers, invites, staff, storefronts, type StaffRole } from '../db/schema.js';
import type { Locale } from '../shared/money.js';
import type { Channel, ConversationRef } from '../engine/events.js';
import { defaultStorefrontSlug, getStorefront } from '../storefronts/storefront-service.js';

/** A messenger account, as staff are identified. */
export interface Account {
  channel: Channel;
  userId: string;
}

/** Where to reach a staff member, and in which language. */
export interface StaffContact {
  channel: Channel;
  chatId: string;
  locale: Locale;
}

// Asked on every event: prepared once.
const staffRowsOf = preparedOnce((db) =>
  db
    .select({ role: staff.role, storefrontId: staff.storefrontId })
    .from(staff)
    .where(and(eq(staff.channel, sql.placeholder('channel')), eq(staff.userId, sql.placeholder('userId'))))
    .prepare(),
);

/**
 * The role a person has in a storefront: its owner or a manager; franchisor staff (HQ) manage the
 * franchisor's own default storefront. Nobody has a role in a storefront they were not given.
 */
export function roleIn(db: Db, storefrontId: number, account: Account): StaffRole | undefined {
  const rows = staffRowsOf(db).all({ channel: account.channel, userId: account.userId });
  const own = rows.find((r) => r.storefrontId === storefrontId);
  if (own) return own.role;
  if (rows.some((r) => r.storefrontId === null && r.role === 'hq') && isDefaultStorefront(db, storefrontId)) return 'hq';
  return undefined;
}

/** Storefronts an account owns. */
export function ownedStorefronts(db: Db, account: Account): Array<{ id: number; name: string }> {
  return db
    .select({ id: storefronts.id, name: storefronts.name })
    .from(staff)
    .innerJoin(storefronts, eq(storefronts.id, staff.storefrontId))
    .where(and(eq(staff.role, 'owner'), eq(staff.channel, account.channel), eq(staff.userId, account.userId)))
    .all();
}

/** True for franchisor staff. */
export function isHq(db: Db, account: Account): boolean {
  return staffRowsOf(db)
    .all({ channel: account.channel, userId: account.userId })
    .some((r) => r.storefrontId === null && r.role === 'hq');
}

function isDefaultStorefront(db: Db, storefrontId: number): boolean {
  return getStorefront(db, storefrontId)?.slug === defaultStorefrontSlug;
}

/** Makes the configured accounts franchisor staff (idempotent). */
export function ensureHqStaff(db: Db, accounts: Account[]): void {
  for (const account of accounts) {
    if (!isHq(db, account)) db.insert(staff).values({ storefrontId: null, role: 'hq', channel: account.channel, userId: account.userId }).run();
  }
}

/** Remembers where a staff member can be reached, once they write to the bot. */
export function rememberStaffChat(db: Db, ref: ConversationRef): void {
  db.update(staff)
    .set({ chatId: ref.chatId })
    .where(and(eq(staff.channel, ref.channel), eq(staff.userId, ref.userId), sql`coalesce(${staff.chatId}, '') != ${ref.chatId}`))
    .run();
}

// Asked for every order placed: prepared once.
const staffOf = preparedOnce((db) =>
  db
    .select({ channel: staff.channel, chatId: staff.chatId, userId: staff.userId })
    .from(staff)
    .where(sql`${staff.storefrontId} = ${sql.placeholder('storefrontId')} or (${staff.storefrontId} is null and ${sql.placeholder('hqToo')} = 1)`)
    .prepare(),
);
const localeOf = preparedOnce((db) =>
  db
    .select({ locale: buyers.locale })
    .from(buyers)
    .where(and(eq(buyers.storefrontId, sql.placeholder('storefrontId')), eq(buyers.channel, sql.placeholder('channel')), eq(buyers.userId, sql.placeholder('userId'))))
    .prepare(),
);

/** Everyone to tell about a storefront's new orders and problems. */
export function staffContacts(db: Db, storefrontId: number): StaffContact[] {
  const rows = staffOf(db).all({ storefrontId, hqToo: isDefaultStorefront(db, storefrontId) ? 1 : 0 });
  const seen = new Set<string>();
  return rows.flatMap((r) => {
    if (!r.chatId || seen.has(`${r.channel}:${r.chatId}`)) return [];
    seen.add(`${r.channel}:${r.chatId}`);
    // Their language is the one they use in this storefront's chat; Russian until they have written.
    const locale = localeOf(db).get({ storefrontId, channel: r.channel, userId: r.userId })?.locale ?? 'ru';
    return [{ channel: r.channel, chatId: r.chatId, locale }];
  });
}

/** Creates a one-time invite to a storefront; the code is short enough to type. */
export function createInvite(db: Db, storefrontId: number, role: Exclude<StaffRole, 'hq'> = 'owner'): string {
  // No 0/O or 1/I: codes are read aloud and typed on phones.
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const code = [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
  db.insert(invites).values({ code, storefrontId, role }).run();
  return code;
}

/** The outcome of redeeming an invite code. */
export type RedeemResult = { ok: true; storefrontId: number; role: StaffRole } | { ok: false; reason: 'unknown' | 'used' };

/** Redeems an invite: the account joins the storefront with the invite's role. Codes work once. */
export function redeemInvite(db: Db, code: string, account: Account, chatId: string): RedeemResult {
  return db.transaction((tx) => {
    const invite = tx.select().from(invites).where(eq(invites.code, code.trim().toUpperCase())).get();
    if (!invite) return { ok: false, reason: 'unknown' } as const;
    if (invite.usedAt !== null) return { ok: false, reason: 'used' } as const;
    tx.update(invites).set({ usedAt: Date.now() }).where(eq(invites.code, invite.code)).run();
    // Only the account's channel and id: a ConversationRef passed here also carries the storefront of the chat.
    tx.insert(staff).values({ storefrontId: invite.storefrontId, role: invite.role, channel: account.channel, userId: account.userId, chatId }).run();
    return { ok: true, storefrontId: invite.storefrontId, role: invite.role } as const;
  });
}
