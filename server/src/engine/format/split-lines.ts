/** A text's lines, each with its line break (\r\n, \r or \n), as the file's bytes count them. */
export function splitLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}
