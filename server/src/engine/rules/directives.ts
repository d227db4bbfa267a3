import type { Card } from '../card/card-model.js';
import { matchesOutsideCode } from '../card/scan.js';

/** `<!-- huntcard-disable rule -->`, `-enable`, `-disable-next-line`, `-disable-line`; no rule names all. */
// `[^<>]*` (not a lazy `[^>]*?-->`) keeps a scan of many unclosed comments linear; the `--` is checked by hand.
const DIRECTIVE = /<!--[ \t]*huntcard-(disable-next-line|disable-line|disable|enable)\b([^<>]*)>/g;

interface Directive {
  kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-line';
  line: number;
  /** Empty means every rule. */
  rules: string[];
}

export class Directives {
  private constructor(private readonly list: Directive[]) {}

  static of(card: Card): Directives {
    const list = matchesOutsideCode(card, DIRECTIVE)
      .filter((m) => m.groups[1]!.endsWith('--'))
      .map((m) => ({
        kind: m.groups[0] as Directive['kind'],
        line: card.lines.position(m.span.start).line,
        rules: m.groups[1]!.slice(0, -2)
          .split(/[\s,]+/)
          .filter(Boolean),
      }));
    return new Directives(list);
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  isDisabled(rule: string, line: number): boolean {
    const names = (d: Directive) => d.rules.length === 0 || d.rules.includes(rule);
    let disabled = false;
    for (const d of this.list) {
      if (d.line > line) break;
      if (d.kind === 'disable' && names(d)) disabled = true;
      else if (d.kind === 'enable' && names(d)) disabled = false;
      else if (d.kind === 'disable-next-line' && d.line === line - 1 && names(d)) return true;
      else if (d.kind === 'disable-line' && d.line === line && names(d)) return true;
    }
    return disabled;
  }
}
