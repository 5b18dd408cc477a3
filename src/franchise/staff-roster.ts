import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { buyers, outbox, staff, type StaffRole } from '../db/schema.js';
import type { Channel } from '../shared/conversation.js';
import { recipientKey } from '../outbox/recipient.js';

/** One staff member as `/staff` lists them. */
export interface StaffMember {
  /** The number `/revoke` takes. */
  id: number;
  /** Null for franchisor staff (HQ). */
  storefrontId: number | null;
  role: StaffRole;
  channel: Channel;
  userId: string;
  /** When they joined (UTC epoch ms). */
  since: number;
  /** Their name in the messenger, once they have written to the storefront's bot. */
  name?: string;
}

/**
 * A storefront's staff (owner first, then managers, oldest first), or with `null` the franchisor's
 * own (HQ). Names are looked up among the buyers of `namesFrom`, the storefront whose bot they use.
 */
export function listStaff(db: Db, storefrontId: number | null, namesFrom: number): StaffMember[] {
  return db
    .select({
      id: staff.id,
      storefrontId: staff.storefrontId,
      role: staff.role,
      channel: staff.channel,
      userId: staff.userId,
      since: staff.createdAt,
      name: buyers.profileName,
    })
    .from(staff)
    .leftJoin(buyers, and(eq(buyers.storefrontId, namesFrom), eq(buyers.channel, staff.channel), eq(buyers.userId, staff.userId)))
    .where(storefrontId === null ? isNull(staff.storefrontId) : eq(staff.storefrontId, storefrontId))
    .orderBy(sql`case ${staff.role} when 'owner' then 0 else 1 end`, asc(staff.createdAt), asc(staff.id))
    .all()
    .map((r) => ({ ...r, name: r.name ?? undefined }));
}

/** One staff row by its id. */
export function staffMember(db: Db, id: number): Omit<StaffMember, 'name'> | undefined {
  return db
    .select({ id: staff.id, storefrontId: staff.storefrontId, role: staff.role, channel: staff.channel, userId: staff.userId, since: staff.createdAt })
    .from(staff)
    .where(eq(staff.id, id))
    .get();
}

/**
 * Removes a staff member: their next event is a buyer's (roles are read on every event), and the
 * staff messages still waiting for them (new orders, notices, buyers' questions: all with buyers'
 * details) are not sent.
 */
export function removeStaff(db: Db, id: number): void {
  const member = db.select().from(staff).where(eq(staff.id, id)).get();
  if (!member) return;
  db.transaction((tx) => {
    tx.delete(staff)
      .where(and(eq(staff.channel, member.channel), eq(staff.userId, member.userId), member.storefrontId === null ? isNull(staff.storefrontId) : eq(staff.storefrontId, member.storefrontId)))
      .run();
    if (member.chatId === null || member.storefrontId === null) return;
    tx.delete(outbox)
      .where(
        and(
          eq(outbox.recipient, recipientKey({ storefrontId: member.storefrontId, channel: member.channel, chatId: member.chatId })),
          eq(outbox.status, 'pending'),
          inArray(outbox.kind, ['new-order', 'staff-notice', 'seller-question', 'reply-reminder']),
        ),
      )
      .run();
  });
}
