/**
 * Title-cases a reference's source name the way the card generator always has
 * (Python's str.title): a cased letter is upper-cased when the character before
 * it is not a cased letter, and lower-cased otherwise. "CNET Leaks" → "Cnet Leaks",
 * "mitre-attack" → "Mitre-Attack", "o365blog" → "O365Blog".
 */
export function titleCase(text: string): string {
  let out = '';
  let previousCased = false;
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    const cased = lower !== upper;
    out += cased ? (previousCased ? lower : upper) : ch;
    previousCased = cased;
  }
  return out;
}
