import { randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { preparedOnce } from '../db/prepared.js';
import { buyers, invites, joinFailures, staff, storefronts, type StaffRole } from '../db/schema.js';
import type { Locale } from '../shared/money.js';
import type { Channel, ConversationRef } from '../shared/conversation.js';
import { defaultStorefrontSlug, getStorefront } from '../storefronts/storefront-service.js';
import { listStaff, removeStaff, staffMember, type StaffMember } from './staff-roster.js';

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
    // The HQ storefront has no owner to act for it: its bot is the franchisor's (HQ_ADMINS), never a franchisee's.
    .where(and(eq(staff.role, 'owner'), eq(staff.channel, account.channel), eq(staff.userId, account.userId), ne(storefronts.slug, defaultStorefrontSlug)))
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

/**
 * Makes the configured accounts franchisor staff, and only them: `HQ_ADMINS` is the source of
 * truth at every start, so an account taken off the list is no longer HQ (idempotent).
 */
export function ensureHqStaff(db: Db, accounts: Account[]): void {
  const key = (a: Account) => `${a.channel}:${a.userId}`;
  const wanted = new Set(accounts.map(key));
  db.transaction((tx) => {
    const rows = tx.select({ id: staff.id, channel: staff.channel, userId: staff.userId }).from(staff).where(and(isNull(staff.storefrontId), eq(staff.role, 'hq'))).all();
    for (const row of rows) if (!wanted.has(key(row))) tx.delete(staff).where(eq(staff.id, row.id)).run();
    const present = new Set(rows.map(key));
    for (const account of accounts) {
      if (present.has(key(account))) continue;
      present.add(key(account));
      tx.insert(staff).values({ storefrontId: null, role: 'hq', channel: account.channel, userId: account.userId }).run();
    }
  });
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

/**
 * Where to reach the franchisor's own staff (HQ_ADMINS) who have written to the HQ bot: not the HQ
 * storefront's managers. Warehouse cards carry every order's recipient, so only HQ gets them.
 */
export function hqContacts(db: Db, hqStorefrontId: number): StaffContact[] {
  const rows = db
    .select({ channel: staff.channel, chatId: staff.chatId, userId: staff.userId })
    .from(staff)
    .where(and(isNull(staff.storefrontId), eq(staff.role, 'hq')))
    .all();
  return rows.flatMap((r) =>
    r.chatId ? [{ channel: r.channel, chatId: r.chatId, locale: localeOf(db).get({ storefrontId: hqStorefrontId, channel: r.channel, userId: r.userId })?.locale ?? 'ru' }] : [],
  );
}

/** Creates a one-time invite to a storefront; the code is short enough to type. */
export function createInvite(db: Db, storefrontId: number, role: Exclude<StaffRole, 'hq'> = 'owner', now = Date.now()): string {
  // No 0/O or 1/I: codes are read aloud and typed on phones.
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const code = [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
  db.insert(invites).values({ code, storefrontId, role, createdAt: now }).run();
  return code;
}

/** When a code made at `createdAt` stops working. */
export function inviteExpiresAt(createdAt: number, ttlHours: number): number {
  return createdAt + ttlHours * hourMs;
}

const hourMs = 3_600_000;

/** Wrong codes an account may send in an hour; after them even the right code waits (no guessing). */
export const maxJoinFailuresPerHour = 5;

/** The outcome of redeeming an invite code. */
export type RedeemResult =
  | { ok: true; storefrontId: number; role: StaffRole }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' }
  | { ok: false; reason: 'throttled'; retryInMinutes: number };

/** How an invite is redeemed: its lifetime and the clock. */
export interface RedeemRules {
  ttlHours: number;
  now: number;
}

/**
 * Redeems an invite: the account joins the storefront with the invite's role. Codes work once,
 * until they expire, and an account that sent too many wrong codes this hour is not heard
 * (wrong tries are kept in the database, so a restart does not reset them).
 */
export function redeemInvite(db: Db, code: string, account: Account, chatId: string, rules: RedeemRules): RedeemResult {
  const { now } = rules;
  return db.transaction((tx) => {
    const recent = tx
      .select({ at: joinFailures.at })
      .from(joinFailures)
      .where(and(eq(joinFailures.channel, account.channel), eq(joinFailures.userId, account.userId), gt(joinFailures.at, now - hourMs)))
      .orderBy(asc(joinFailures.at))
      .all();
    if (recent.length >= maxJoinFailuresPerHour) {
      // A try is allowed again when the oldest counted failure is an hour old.
      const freeAt = recent[recent.length - maxJoinFailuresPerHour]!.at + hourMs;
      return { ok: false, reason: 'throttled', retryInMinutes: Math.max(1, Math.ceil((freeAt - now) / 60_000)) } as const;
    }
    const fail = (reason: 'unknown' | 'used' | 'expired') => {
      tx.delete(joinFailures).where(lt(joinFailures.at, now - hourMs)).run();
      tx.insert(joinFailures).values({ channel: account.channel, userId: account.userId, at: now }).run();
      return { ok: false, reason } as const;
    };
    const invite = tx.select().from(invites).where(eq(invites.code, code.trim().toUpperCase())).get();
    if (!invite) return fail('unknown');
    if (invite.usedAt !== null) return fail('used');
    if (now >= inviteExpiresAt(invite.createdAt, rules.ttlHours)) return fail('expired');
    tx.update(invites).set({ usedAt: now }).where(eq(invites.code, invite.code)).run();
    // One role per account and storefront: a second invite replaces the first, so /revoke removes all access.
    tx.delete(staff)
      .where(and(eq(staff.storefrontId, invite.storefrontId), eq(staff.channel, account.channel), eq(staff.userId, account.userId)))
      .run();
    // Only the account's channel and id: a ConversationRef passed here also carries the storefront of the chat.
    tx.insert(staff).values({ storefrontId: invite.storefrontId, role: invite.role, channel: account.channel, userId: account.userId, chatId, createdAt: now }).run();
    return { ok: true, storefrontId: invite.storefrontId, role: invite.role } as const;
  });
}

/** Staff of the network as screens manage them: invites, joining, who owns what, the roster. */
export interface StaffService {
  /** A one-time invite code to a storefront. */
  invite(storefrontId: number, role: Exclude<StaffRole, 'hq'>, now: number): string;
  /** Redeems an invite code (see `redeemInvite`). */
  redeem(code: string, account: Account, chatId: string, rules: RedeemRules): RedeemResult;
  /** Storefronts an account owns (never the franchisor's own). */
  owned(account: Account): Array<{ id: number; name: string }>;
  /** A storefront's staff, or with `null` the franchisor's (see `listStaff`). */
  list(storefrontId: number | null, namesFrom: number): StaffMember[];
  /** One staff row by its id. */
  member(id: number): Omit<StaffMember, 'name'> | undefined;
  /** Removes a staff member and the staff messages still waiting for them. */
  remove(id: number): void;
}

/** Creates the staff service. */
export function createStaffService(db: Db): StaffService {
  return {
    invite: (storefrontId, role, now) => createInvite(db, storefrontId, role, now),
    redeem: (code, account, chatId, rules) => redeemInvite(db, code, account, chatId, rules),
    owned: (account) => ownedStorefronts(db, account),
    list: (storefrontId, namesFrom) => listStaff(db, storefrontId, namesFrom),
    member: (id) => staffMember(db, id),
    remove: (id) => removeStaff(db, id),
  };
}
