import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Values that must never reach the log; bot tokens connected at run time are added as they come. */
export interface SecretList {
  add(secret: string | undefined | null): void;
  readonly values: ReadonlySet<string>;
}

/** Creates a list of secrets to scrub from logs. */
export function createSecretList(initial: Array<string | undefined | null> = []): SecretList {
  const values = new Set<string>();
  const list: SecretList = {
    add(secret) {
      // Short strings would blank out ordinary words.
      if (secret && secret.length >= 8) values.add(secret);
    },
    values,
  };
  initial.forEach((s) => list.add(s));
  return list;
}

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  level: string;
  /** Values replaced with `[secret]` wherever they appear in a line. */
  secrets?: SecretList | string[];
  /** Where JSON lines go; stdout by default. */
  destination?: NodeJS.WritableStream;
}

/**
 * Creates the app's pino logger. Secrets are scrubbed from the finished line rather than by
 * field paths, because a token can hide anywhere: in an error message, a URL, a nested cause.
 */
export function createLogger(opts: LoggerOptions): Logger {
  const out = opts.destination ?? process.stdout;
  const secrets = Array.isArray(opts.secrets) ? createSecretList(opts.secrets) : (opts.secrets ?? createSecretList());
  const scrubbing = new Writable({
    write(chunk: Buffer, _enc, done) {
      let line = chunk.toString('utf8');
      for (const secret of secrets.values) line = line.split(secret).join('[secret]');
      out.write(line);
      done();
    },
  });
  return pino({ level: opts.level }, scrubbing);
}
