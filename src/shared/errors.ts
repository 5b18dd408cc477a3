/** Base class of Sarafan's own errors, so callers can tell them from library failures. */
export class SarafanError extends Error {
  override readonly name: string = 'SarafanError';
}

/** A keyboard or message breaks a messenger limit; thrown when it is built, not when it is sent. */
export class KeyboardLimitError extends SarafanError {
  override readonly name = 'KeyboardLimitError';
}
