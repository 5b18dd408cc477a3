/** A messenger a conversation happens in. */
export type Channel = 'telegram' | 'vk' | 'max' | 'console';

/** Where a conversation happens; serialisable, stored with buyers and orders. */
export interface ConversationRef {
  storefrontId: number;
  channel: Channel;
  /** Where to send replies (a private chat / peer). */
  chatId: string;
  /** Who is talking (the messenger's user id). */
  userId: string;
}
