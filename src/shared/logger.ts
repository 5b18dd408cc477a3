import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  level: string;
  /** Values that must never reach the log (bot tokens): replaced with `[secret]` wherever they appear. */
  secrets?: string[];
  /** Where JSON lines go; stdout by default. */
  destination?: NodeJS.WritableStream;
}

/**
 * Creates the app's pino logger. Secrets are scrubbed from the finished line rather than by
 * field paths, because a token can hide anywhere: in an error message, a URL, a nested cause.
 */
export function createLogger(opts: LoggerOptions): Logger {
  const out = opts.destination ?? process.stdout;
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= 8);
  if (secrets.length === 0) return pino({ level: opts.level }, out);
  const scrubbing = new Writable({
    write(chunk: Buffer, _enc, done) {
      let line = chunk.toString('utf8');
      for (const secret of secrets) line = line.split(secret).join('[secret]');
      out.write(line);
      done();
    },
  });
  return pino({ level: opts.level }, scrubbing);
}
