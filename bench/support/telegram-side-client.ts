/**
 * The bot process's handle on the Telegram-side child (support/telegram-side.ts): starts it and
 * sends it commands.
 *
 * @module
 */
import type { ChildProcess } from 'node:child_process';
import { startChild } from './child-process.js';
import type { DriveResult, SideAnswer, SideCommand } from './telegram-side.js';

type Request = SideCommand extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

/** A running Telegram side. */
export interface TelegramSide {
  /** Starts one fake Bot API per token (enforcing Telegram's limits with 429 if given); resolves with the API root the bots should use. */
  startFakes(tokens: string[], limits?: { perSecond: number; groupPerMinute: number }): Promise<string>;
  /** Runs a load against a bot and resolves with what Telegram's side saw. */
  drive(request: Omit<Extract<Request, { cmd: 'drive' }>, 'cmd'>): Promise<DriveResult>;
  /** One buyer writes `/start` to each webhook and waits for the answers; resolves with how many answered. */
  touch(targets: Array<{ token: string; url: string; secret: string }>, userId: number, concurrency: number): Promise<number>;
  /** How many calls of a method a fake received. */
  calls(token: string, method: string): Promise<number>;
  stopFakes(): Promise<void>;
  close(): void;
}

/** Starts the Telegram-side child process. */
export function startTelegramSide(): TelegramSide {
  const child: ChildProcess = startChild('support/telegram-side.ts', []);
  let nextId = 1;
  const waiting = new Map<number, { resolve: (a: SideAnswer & { ok: true }) => void; reject: (e: Error) => void }>();
  child.on('message', (message) => {
    const answer = message as SideAnswer;
    const w = waiting.get(answer.id);
    if (!w) return;
    waiting.delete(answer.id);
    if (answer.ok) w.resolve(answer);
    else w.reject(new Error(`telegram side: ${answer.error}`));
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`telegram side exited with ${code}`));
    waiting.clear();
  });
  const request = (command: Request) =>
    new Promise<SideAnswer & { ok: true }>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      child.send({ ...command, id });
    });
  return {
    startFakes: async (tokens, limits) => (await request({ cmd: 'start-fakes', tokens, limits })).apiRoot!,
    drive: async (r) => (await request({ cmd: 'drive', ...r })).drive!,
    touch: async (targets, userId, concurrency) => (await request({ cmd: 'touch', targets, userId, concurrency })).touched!,
    calls: async (token, method) => (await request({ cmd: 'calls', token, method })).count!,
    stopFakes: async () => void (await request({ cmd: 'stop-fakes' })),
    close: () => child.disconnect(),
  };
}
