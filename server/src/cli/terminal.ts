// Text that reaches a terminal. File names and card text can hold escape
// sequences (ESC, OSC, CSI) that clear the screen, set the window title or fake a
// hyperlink, and line breaks that split one `file:line:col` record into two; such
// characters are shown escaped instead of being sent to the terminal.

// C0 controls but tab, DEL, C1 controls, and the line and paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_FIELD = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;
// The same, but line breaks are allowed (multi-line messages).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_TEXT = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]|\r(?!\n)/g;

const escape = (c: string) => {
  const code = c.charCodeAt(0);
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** One field of a one-line record (a file name, a message): no control characters, no line breaks. */
export function field(text: string): string {
  return text.replace(UNSAFE_IN_FIELD, escape);
}

/** Free text for a human: line breaks kept, every other control character escaped. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE_IN_TEXT, escape);
}

/** JSON for machines that may also be printed to a terminal: C1 controls (which JSON leaves raw) escaped too. */
export function safeJson(value: unknown): string {
  return safeJsonText(JSON.stringify(value, null, 2));
}

/** Serialized JSON with the characters JSON.stringify leaves raw (DEL, C1, U+2028/9) escaped; they only occur inside strings. */
export function safeJsonText(json: string): string {
  return json.replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
