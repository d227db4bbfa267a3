/**
 * An error the user can act on: the message says what is wrong and with what,
 * the hint says what to do next. Fronts (CLI, server, client) print both.
 */
export class HuntCardError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HuntCardError';
  }

  /** The message and hint as one text, for places that show a single string. */
  describe(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }
}

/** Raised when a dataset (bundle, index or cache entry) cannot be read. */
export class DatasetError extends HuntCardError {
  override name = 'DatasetError';
}

export function describeError(error: unknown): string {
  if (error instanceof HuntCardError) return error.describe();
  if (error instanceof Error) return error.message;
  return String(error);
}
