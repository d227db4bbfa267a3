/**
 * Dataset text shown in hovers and completion docs is untrusted: a hostile or
 * damaged bundle must not smuggle in HTML, images, or command: / file: links.
 * Only http(s) links survive; everything else keeps its text and loses its target.
 */
export function safeMarkdown(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // No parenthesis inside a target: that keeps these scans linear; what they leave is defused below.
      .replace(/!\[([^[\]]*)\]\([^()]*\)/g, '$1')
      .replace(/\[([^[\]]*)\]\(([^()\s]*)(?:\s[^()]*)?\)/g, (_m, label: string, url: string) => (/^https?:\/\//i.test(url) ? `[${label}](${url})` : label))
      .replace(/!\[/g, '!\\[')
      .replace(UNSAFE_SCHEME, (m) => m.replace(':', '\u200b:'))
  );
}

/** URI schemes a renderer might turn into an action; a zero-width space before the colon makes them plain text. */
const UNSAFE_SCHEME = /\b(?:command|file|javascript|vscode|data):[^\s)]*/gi;

/** Plain text for a Markdown context: every Markdown-significant character escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(UNSAFE_SCHEME, (m) => m.replace(':', '\u200b:')).replace(/[\\`*_{}[\]()#+\-.!|<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

export function firstParagraph(text: string): string {
  return text.split(/\r?\n\s*\r?\n/)[0]?.trim() ?? '';
}
