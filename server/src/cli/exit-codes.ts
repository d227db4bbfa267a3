/** huntcard's exit codes, the contract CI scripts rely on. */
export const EXIT = {
  ok: 0,
  /** `check` found errors, `refresh --check` found stale cards. */
  findings: 1,
  /** Bad arguments, unreadable input, missing dataset. */
  usage: 2,
} as const;

/** A failure the CLI reports in one message, with the exit code it maps to. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
    readonly hint?: string,
  ) {
    super(message);
  }
}
