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
  for (const s of initial) list.add(s);
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
 * Fields of messenger errors that repeat the request: grammY's `payload` (a message's text, with a
 * buyer's name, phone or address), vk-io's `params`. The error's code and description stay.
 */
const requestFields = ['payload', 'params', 'request_params', 'requestParams', 'body', 'request', 'response', 'options'];

/** Field names that hold a buyer's personal data, wherever a log call might pass them. */
const personalFields = ['phone', 'address', 'comment', 'profileName', 'deliveryName', 'deliveryPhone', 'deliveryCity', 'deliveryAddress', 'payload', 'replies', 'text'];

/** Serializes an error without the request that caused it (nor its causes' requests). */
export function serializeError(error: unknown): unknown {
  const out = pino.stdSerializers.err(error as Error) as unknown;
  strip(out, 0);
  return out;
}

function strip(value: unknown, depth: number): void {
  if (!value || typeof value !== 'object' || depth > 4) return;
  const record = value as Record<string, unknown>;
  for (const field of requestFields) delete record[field];
  // grammY's HttpError wraps the failed fetch as `error`; causes nest.
  strip(record['cause'], depth + 1);
  strip(record['error'], depth + 1);
}

/**
 * Creates the app's pino logger. Secrets are scrubbed from the finished line rather than by
 * field paths, because a token can hide anywhere: in an error message, a URL, a nested cause.
 * Buyers' personal data is kept out by never logging messages or requests: errors lose the
 * request they repeat, and fields named like personal data are censored.
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
  return pino(
    {
      level: opts.level,
      serializers: { err: serializeError },
      redact: { paths: [...personalFields, ...personalFields.map((f) => `*.${f}`)], censor: '[personal]' },
    },
    scrubbing,
  );
}
