import { parseTypedText, type InboundEvent, type InboundPayload } from '../../engine/events.js';

/** A Bots Long Poll / Callback API update as VK sends it. */
export interface VkUpdate {
  type: string;
  object?: any;
  group_id?: number;
  event_id?: string;
}

/** What a VK client can show, from `client_info`. */
export interface VkClientInfo {
  button_actions?: string[];
  keyboard?: boolean;
  inline_keyboard?: boolean;
  carousel?: boolean;
  lang_id?: number;
}

// VK's lang_id values, as language codes the engine understands.
const languages: Record<number, string> = { 0: 'ru', 1: 'uk', 2: 'be', 3: 'en', 4: 'es', 5: 'fi', 6: 'de', 7: 'it', 97: 'kk' };
// Peer ids from here on are group chats (the engine serves only the warehouse chat among them).
const firstChatPeerId = 2_000_000_000;
// In a chat, a message addressed to the community starts with its mention: `[club123|@shop] text`.
const mention = /^\[club\d+\|[^\]]*\][\s,:]*/;

/** Attachment types a buyer may send that the bot does not read. */
const unsupportedAttachments = new Set(['sticker', 'audio_message', 'audio', 'video', 'doc', 'graffiti', 'gift', 'poll', 'wall', 'wall_reply', 'market', 'story', 'link', 'call']);

/**
 * Turns a VK update into an engine event, or `null` for what a storefront ignores (messages from
 * communities, service messages, edits, other update types). Group chats pass through with the
 * chat as `chatId` and the writer as `userId`; the engine answers only the warehouse chat. Button payloads are `{"a":"<action>"}`;
 * the «Начать» button sends `{"command":"start"}`; anything else is a foreign payload.
 */
export function toEvent(update: VkUpdate, storefrontId: number): InboundEvent | null {
  const object = update.object ?? {};
  const ref = (userId: number, peerId: number) => ({
    storefrontId,
    channel: 'vk' as const,
    chatId: String(peerId),
    userId: String(userId),
  });
  const eventId = `vk:${update.event_id ?? `${update.type}:${object.message?.id ?? object.event_id ?? ''}`}`;

  if (update.type === 'message_event') {
    const { user_id: userId, peer_id: peerId } = object;
    if (typeof userId !== 'number' || typeof peerId !== 'number') return null;
    const action = typeof object.payload?.a === 'string' ? object.payload.a : '';
    return { ref: ref(userId, peerId), eventId, type: 'action', data: action };
  }

  if (update.type !== 'message_new') return null;
  const message = object.message;
  if (!message || typeof message.from_id !== 'number' || message.from_id <= 0 || typeof message.peer_id !== 'number') return null;
  const inChat = message.peer_id >= firstChatPeerId;
  // Someone joined, left, renamed the chat: nothing to answer.
  if (inChat && message.action) return null;
  const info: VkClientInfo = object.client_info ?? {};
  const payload = messagePayload(inChat && typeof message.text === 'string' ? { ...message, text: message.text.replace(mention, '') } : message);
  if (!payload) return null;
  return {
    ref: ref(message.from_id, message.peer_id),
    eventId,
    localeHint: info.lang_id === undefined ? undefined : (languages[info.lang_id] ?? 'en'),
    ...payload,
  };
}

function messagePayload(message: any): InboundPayload | null {
  if (typeof message.ref === 'string' && message.ref) return { type: 'start', payload: message.ref };
  if (typeof message.payload === 'string' && message.payload) {
    let parsed: any;
    try {
      parsed = JSON.parse(message.payload);
    } catch {
      return { type: 'action', data: '' };
    }
    if (parsed?.command === 'start') return { type: 'start' };
    return { type: 'action', data: typeof parsed?.a === 'string' ? parsed.a : '' };
  }
  const text = typeof message.text === 'string' ? message.text : '';
  if (text.trim()) return parseTypedText(text);
  const attachments: any[] = Array.isArray(message.attachments) ? message.attachments : [];
  const photo = attachments.find((a) => a?.type === 'photo');
  if (photo) {
    const p = photo.photo ?? {};
    return { type: 'photo', fileRef: `vk:photo${p.owner_id}_${p.id}${p.access_key ? `_${p.access_key}` : ''}` };
  }
  if (message.geo) return { type: 'location' };
  const other = attachments.find((a) => unsupportedAttachments.has(a?.type)) ?? attachments[0];
  return other ? { type: 'unsupported', what: String(other.type) } : null;
}
