import { type CompletionItem, CompletionItemKind, type CompletionList, InsertTextFormat, type Position } from 'vscode-languageserver/node';
import { searchTechniques, sectionOf, SECTIONS, type Card, type Catalog } from '../engine/index.js';
import { techniqueMarkdown } from './hover.js';

/** Results are filtered and capped here, so a 700-technique list never crosses the wire whole. */
export const MAX_ITEMS = 50;

export interface ResolveData {
  techniqueId?: string;
  /** The document the item was offered in: its dataset documents the item. */
  uri?: string;
}

export function completeAt(card: Card, catalog: Catalog, position: Position): CompletionList {
  const offset = card.lines.offset(position);
  const line = card.lines.lineText(position.line);
  const before = line.slice(0, position.character);
  const range = (length: number) => ({ start: { line: position.line, character: position.character - length }, end: position });

  // The title: "# T1059.001 PowerShell" from the ID or a name fragment.
  const titleLine = card.title ? card.lines.position(card.title.span.start).line : 0;
  const title = /^#([^#]*)$/.exec(before);
  if (title && position.line === titleLine) return titleCompletions(catalog, title[1]!, range(before.length), card.uri);

  // A missing section's heading, at the start of a line after '#'.
  const heading = /^(#{1,4})([\w :\t]*)$/.exec(before);
  if (heading) {
    const present = new Set(card.sections.map((s) => s.spec?.key));
    const items = SECTIONS.filter((s) => !present.has(s.key) && s.title.toLowerCase().startsWith(heading[2]!.toLowerCase().trim())).map<CompletionItem>((s) => ({
      label: `${'#'.repeat(s.depth)} ${s.title}`,
      kind: CompletionItemKind.Module,
      detail: `missing ${s.zone === 'attack' ? 'ATT&CK' : 'author'} section`,
      textEdit: { range: range(before.length), newText: `${'#'.repeat(s.depth)} ${s.title}` },
    }));
    return { isIncomplete: false, items };
  }

  const inSection = (key: string) => {
    const s = sectionOf(card, key);
    return s !== undefined && offset > s.headingSpan.end && offset <= s.span.end;
  };
  const listItem = /^\s*[*-]\s+(\S[^\n]*)?$/.exec(before);
  if (listItem && inSection('tactics')) {
    const typed = listItem[1] ?? '';
    const tactics = [...new Set(catalog.datasets.flatMap((d) => d.tactics().map((t) => t.name)))];
    return simpleList(
      tactics.filter((t) => t.toLowerCase().startsWith(typed.toLowerCase())),
      CompletionItemKind.EnumMember,
      'ATT&CK tactic',
      range(typed.length),
    );
  }
  if (listItem && inSection('platforms')) {
    const typed = listItem[1] ?? '';
    const platforms = [...new Set(catalog.datasets.flatMap((d) => d.techniqueSummaries().flatMap((t) => d.technique(t.id)!.platforms)))].sort();
    return simpleList(
      platforms.filter((p) => p.toLowerCase().startsWith(typed.toLowerCase())),
      CompletionItemKind.EnumMember,
      'ATT&CK platform',
      range(typed.length),
    );
  }
  const firstCell = /^\|([^|]*)$/.exec(before);
  if (firstCell && inSection('adversaryExamples')) {
    const typed = firstCell[1]!.trim();
    const groups = catalog.datasets.flatMap((d) => d.actors('group')).filter((g) => !g.revoked && !g.deprecated);
    const matches = groups.filter((g) => [g.name, g.id, ...g.aliases].some((n) => n.toLowerCase().includes(typed.toLowerCase())));
    return {
      isIncomplete: matches.length > MAX_ITEMS,
      items: matches.slice(0, MAX_ITEMS).map((g) => ({
        label: g.name,
        kind: CompletionItemKind.Class,
        detail: `${g.id}${g.aliases.length ? ` · ${g.aliases.slice(0, 3).join(', ')}` : ''}`,
        filterText: [g.name, g.id, ...g.aliases].join(' '),
        textEdit: { range: range(firstCell[1]!.length - firstCell[1]!.search(/\S|$/)), newText: g.name },
      })),
    };
  }
  const other = otherIdCompletions(catalog, before, range);
  if (other) return other;
  const id = /(?<![\w/])(T\d{0,4}(?:\.\d{0,3})?)$/i.exec(before);
  if (id) return techniqueCompletions(catalog, id[1]!, range(id[1]!.length), false, card.uri);
  const word = trailingWord(before);
  if (word) return techniqueCompletions(catalog, word, range(word.length), false, card.uri);
  return { isIncomplete: false, items: [] };
}

/**
 * The rest of ATT&CK's IDs by prefix, once a digit is typed: tactics (`TA00`),
 * groups, software and campaigns (`G00`, `S01`, `C00`), mitigations (`M10`),
 * and v18's detection strategies, analytics and data components (`DET0`, `AN12`, `DC00`).
 */
function otherIdCompletions(catalog: Catalog, before: string, range: (length: number) => { start: Position; end: Position }): CompletionList | undefined {
  const typed = /(?<![\w/])(?:TA|DET|AN|DC|[CGSM])\d{1,4}$/.exec(before)?.[0];
  if (!typed) return undefined;
  const candidates: Array<{ id: string; name: string; detail: string }> = typed.startsWith('TA')
    ? catalog.datasets.flatMap((d) => d.tactics().map((t) => ({ id: t.id, name: t.name, detail: 'tactic' })))
    : /^(?:DET|AN|DC|M)/.test(typed)
      ? catalog.datasets.flatMap((d) => d.detectionObjectNames().map((o) => ({ ...o, detail: d.label })))
      : catalog.datasets.flatMap((d) => d.liveActorNames().map((a) => ({ id: a.id, name: a.name, detail: a.kind })));
  const matches = [...new Map(candidates.filter((c) => c.id.startsWith(typed)).map((c) => [c.id, c])).values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  return {
    isIncomplete: matches.length > MAX_ITEMS,
    items: matches.slice(0, MAX_ITEMS).map((c, i) => ({
      label: `${c.id} ${c.name}`,
      kind: CompletionItemKind.Reference,
      detail: c.detail,
      filterText: c.id,
      sortText: String(i).padStart(4, '0'),
      textEdit: { range: range(typed.length), newText: c.id },
    })),
  };
}

function titleCompletions(catalog: Catalog, typed: string, range: { start: Position; end: Position }, uri: string): CompletionList {
  const list = techniqueCompletions(catalog, typed.trim(), { start: { line: range.start.line, character: 0 }, end: range.end }, true, uri);
  return list;
}

/**
 * Completion in a file that is not a card: technique IDs where one is typed
 * (`T10`), and in YAML Sigma tags (`attack.t10` → `attack.t1003`, `attack.exe`
 * → `attack.execution`), written in the tag's lower case.
 */
export function mentionCompletion(card: Card, catalog: Catalog, position: Position, format: 'markdown' | 'yaml'): CompletionList {
  const before = card.lines.lineText(position.line).slice(0, position.character);
  const range = (length: number) => ({ start: { line: position.line, character: position.character - length }, end: position });
  const typed = format === 'yaml' ? typedTag(before) : undefined;
  if (typed !== undefined) {
    if (/^t\d/i.test(typed) || typed.toLowerCase() === 't') return techniqueCompletions(catalog, typed, range(typed.length), false, card.uri, (id) => id.toLowerCase());
    const tactics = [...new Map(catalog.datasets.flatMap((d) => d.tactics()).map((t) => [t.shortname, t])).values()];
    return {
      isIncomplete: false,
      items: tactics
        .filter((t) => t.shortname.startsWith(typed.toLowerCase().replace(/_/g, '-')))
        .map((t) => ({
          label: `attack.${t.shortname}`,
          kind: CompletionItemKind.EnumMember,
          detail: `${t.name} (${t.id})`,
          filterText: t.shortname,
          textEdit: { range: range(typed.length), newText: t.shortname },
        })),
    };
  }
  const id = /(?<![\w/.])(T\d{1,4}(?:\.\d{0,3})?)$/.exec(before);
  if (id) return techniqueCompletions(catalog, id[1]!, range(id[1]!.length), false, card.uri);
  return { isIncomplete: false, items: [] };
}

function techniqueCompletions(catalog: Catalog, typed: string, range: { start: Position; end: Position }, asTitle: boolean, uri: string, write: (id: string) => string = (id) => id): CompletionList {
  const needle = typed.trim().toLowerCase();
  const byId = /^t\d/.test(needle) || needle === 't';
  const matches = byId
    ? catalog.datasets
        .flatMap((d) => d.techniqueSummaries())
        .filter((t) => !t.revoked && !t.deprecated && t.id.toLowerCase().startsWith(needle))
        .sort((a, b) => (a.id < b.id ? -1 : 1))
    : searchTechniques(catalog, typed, MAX_ITEMS + 1);
  return {
    // A fuzzy server-side search VS Code's own filter would narrow differently: ask again as the word grows.
    isIncomplete: !byId || matches.length > MAX_ITEMS,
    items: matches.slice(0, MAX_ITEMS).map((t, i) => ({
      label: `${t.id} ${t.name}`,
      kind: CompletionItemKind.Reference,
      // The typed text itself leads the filter text, so the editor keeps what the server ranked.
      filterText: byId ? write(t.id) : `${typed} ${t.name}`,
      sortText: String(i).padStart(4, '0'),
      textEdit: { range, newText: asTitle ? `# ${t.id} ${t.name}` : write(t.id) },
      insertTextFormat: InsertTextFormat.PlainText,
      data: { techniqueId: t.id, uri } satisfies ResolveData,
    })),
  };
}

function simpleList(values: string[], kind: CompletionItemKind, detail: string, range: { start: Position; end: Position }): CompletionList {
  return { isIncomplete: false, items: values.slice(0, MAX_ITEMS).map((v) => ({ label: v, kind, detail, textEdit: { range, newText: v } })) };
}

/** completionItem/resolve: the technique's documentation, only for the item the user looks at. */
export function resolveCompletion(item: CompletionItem, catalog: Catalog): CompletionItem {
  const data = item.data as ResolveData | undefined;
  if (data?.techniqueId) item.documentation = { kind: 'markdown', value: techniqueMarkdown(catalog, data.techniqueId) };
  return item;
}

/** What follows `attack.` when the cursor ends a Sigma tag being typed (found by string search: a regex anchored at the end would be quadratic). */
function typedTag(before: string): string | undefined {
  const at = before.toLowerCase().lastIndexOf('attack.');
  if (at < 0 || (at > 0 && /[\w.]/.test(before[at - 1]!))) return undefined;
  const rest = before.slice(at + 'attack.'.length);
  return /^[a-z0-9._-]*$/i.test(rest) ? rest : undefined;
}

/** The word the cursor ends (a letter, then 2+ letters or hyphens, not after a word character or '/'), found without a backtracking regex. */
function trailingWord(before: string): string | undefined {
  let start = before.length;
  while (start > 0 && /[A-Za-z-]/.test(before[start - 1]!)) start--;
  while (start < before.length && before[start] === '-') start++;
  if (before.length - start < 3 || (start > 0 && /[\w/]/.test(before[start - 1]!))) return undefined;
  return before.slice(start);
}
