import type { Action } from '../../actions.js';
import type { ScreenContext } from '../../context.js';
import type { Reply } from '../../../shared/replies.js';
import { homeScreen } from '../home.js';
import { adminFindScreen, adminProductScreen, askPhoto, categoriesScreen, receivePhoto, setAutoConfirm, setDescription, setCategoryHidden, setMarkup, setPrice, toggleHidden, toggleTop } from './admin-catalog.js';
import { adminMenuScreen } from './admin-menu.js';
import { earningsCommand, earningsScreen } from './earnings.js';
import {
  adminOrderByNumber,
  adminOrderScreen,
  adminOrdersScreen,
  askCancelReason,
  cancelOrder,
  cancelWithQuickReason,
  confirmOrder,
  resendOrder,
  retryOrderHandoff,
} from './admin-orders.js';
import { sendReply, startReply } from '../seller-chat.js';
import { listShops, newInvite, newShop, setPaused, setRules, startImport } from './hq.js';
import { revokeStaff, staffScreen } from './staff-roster.js';

type Handler = (ctx: ScreenContext, args: string) => Reply[];

/** Storefront staff commands (owner, manager, and HQ in its own storefront). */
const storefrontCommands: Record<string, Handler> = {
  admin: (ctx) => adminMenuScreen(ctx),
  find: (ctx, args) => adminFindScreen(ctx, args),
  product: (ctx, args) => adminProductScreen(ctx, Number(args.trim()) || 0),
  hide: (ctx, args) => toggleHidden(ctx, Number(args.trim()) || 0, true),
  show: (ctx, args) => toggleHidden(ctx, Number(args.trim()) || 0, false),
  top: (ctx, args) => toggleTop(ctx, Number(args.trim()) || 0),
  price: setPrice,
  markup: setMarkup,
  cats: (ctx) => categoriesScreen(ctx),
  hidecat: (ctx, args) => setCategoryHidden(ctx, args, true),
  showcat: (ctx, args) => setCategoryHidden(ctx, args, false),
  orders: (ctx) => adminOrdersScreen(ctx),
  order: adminOrderByNumber,
  autoconfirm: setAutoConfirm,
  desc: setDescription,
  photo: askPhoto,
  earnings: earningsCommand,
  staff: staffScreen,
  revoke: revokeStaff,
};

/** Franchisor commands. */
const hqCommands: Record<string, Handler> = {
  newshop: newShop,
  invite: newInvite,
  shops: (ctx) => listShops(ctx),
  rules: setRules,
  import: startImport,
  pause: (ctx, args) => setPaused(ctx, args, true),
  resume: (ctx, args) => setPaused(ctx, args, false),
  earnings: earningsCommand,
};

/** Names of every staff command, so buyers' commands never clash with them. */
export const staffCommandNames = new Set([...Object.keys(storefrontCommands), ...Object.keys(hqCommands)]);

/**
 * Runs a staff command if the sender may: storefront commands need a role in this storefront, HQ
 * commands need franchisor staff. Anyone else gets `undefined` and is answered as for an unknown
 * command: the refusal is logged, nothing about the command is revealed.
 */
export function staffCommand(ctx: ScreenContext, name: string, args: string): Reply[] | undefined {
  // "/orders" is also the buyers' "my orders": staff get the storefront's orders.
  const handler = (ctx.hq && hqCommands[name]) || (ctx.role && storefrontCommands[name]);
  if (!handler) {
    if (staffCommandNames.has(name) && name !== 'orders') ctx.logger.warn({ command: name, channel: ctx.ref.channel }, 'staff command refused');
    return undefined;
  }
  ctx.state.awaiting = false;
  return handler(ctx, args);
}

/** Runs a staff button; a press without the role is treated as a stale button. */
export function staffAction(ctx: ScreenContext, action: Action): Reply[] | undefined {
  if (!action.name.startsWith('admin')) return undefined;
  if (!ctx.role) {
    delete ctx.state.replyTo;
    ctx.logger.warn({ action: action.name, channel: ctx.ref.channel }, 'staff button refused');
    return homeScreen(ctx, { note: ctx.t('stale-button') });
  }
  ctx.state.awaiting = false;
  if (action.name !== 'admin-reply') delete ctx.state.replyTo;
  switch (action.name) {
    case 'admin':
      return adminMenuScreen(ctx);
    case 'admin-find':
      return adminFindScreen(ctx, '');
    case 'admin-product':
      return adminProductScreen(ctx, action.id);
    case 'admin-toggle-hidden':
      return toggleHidden(ctx, action.id);
    case 'admin-toggle-top':
      return toggleTop(ctx, action.id);
    case 'admin-orders':
      return adminOrdersScreen(ctx, action.status, action.page);
    case 'admin-order':
      return adminOrderScreen(ctx, action.id);
    case 'admin-confirm':
      return confirmOrder(ctx, action.id);
    case 'admin-cancel':
      return askCancelReason(ctx, action.id);
    case 'admin-cancel-reason':
      return cancelWithQuickReason(ctx, action.id, action.reason);
    case 'admin-handoff-retry':
      return retryOrderHandoff(ctx, action.id);
    case 'admin-resend':
      return resendOrder(ctx, action.id);
    case 'admin-reply':
      return startReply(ctx, action.buyerId);
    case 'admin-earnings':
      return earningsScreen(ctx, action.month, action.csv === 1);
    default:
      return undefined;
  }
}

/** A photo from staff after `/photo <id>`. */
export function staffPhoto(ctx: ScreenContext, fileRef: string): Reply[] | undefined {
  if (!ctx.role || ctx.state.photoFor === undefined) return undefined;
  return receivePhoto(ctx, fileRef);
}

/** Typed text while staff are asked for a cancellation reason or an answer to a buyer. */
export function staffText(ctx: ScreenContext, text: string): Reply[] | undefined {
  if (!ctx.role) return undefined;
  if (ctx.state.replyTo !== undefined) return sendReply(ctx, ctx.state.replyTo, text);
  if (ctx.state.cancelOrder !== undefined) return cancelOrder(ctx, ctx.state.cancelOrder, text);
  return undefined;
}
