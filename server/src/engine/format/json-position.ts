import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/** Line and column (1-based) of an offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * " at line L, column C (what)" for the first syntax error in a JSON text, or ""
 * when none is found. Only used once JSON.parse has failed, so it costs nothing
 * on good input.
 */
export function locateJsonError(text: string): string {
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (!first) return '';
  const { line, column } = lineColumn(text, first.offset);
  return ` at line ${line}, column ${column} (${printParseErrorCode(first.error)})`;
}
