import { promises as fs } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SymbolKind, type WorkspaceSymbol } from 'vscode-languageserver/node';
import { SECTIONS } from '../engine/card/card-format.js';
import { findMarkdownFiles } from '../engine/fs/find-markdown.js';

export interface WorkspaceCard {
  uri: string;
  id: string;
  name: string;
  /** Zero-based line of the title. */
  line: number;
}

interface Entry {
  mtimeMs: number;
  card?: { id: string; name: string; line: number };
}

const TITLE = /^#[ \t]+(T\d{4}(?:\.\d{3})?)(?:[ \t]+(.*?))?[ \t]*$/m;
const SECTION_TITLES = SECTIONS.map((s) => s.title.replace(/:$/, '').toLowerCase());

/**
 * Cards of the workspace by technique ID and name. Files are indexed by a light
 * scan (title plus two section headings, as a card is recognised), re-read only
 * when their modification time changes.
 */
export class WorkspaceCards {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly folders: () => string[]) {}

  /** Every card on disk in the workspace folders. */
  async all(): Promise<WorkspaceCard[]> {
    const roots = this.folders().filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    if (roots.length === 0) return [];
    const { files } = await findMarkdownFiles(roots);
    const out: WorkspaceCard[] = [];
    for (const file of files) {
      const card = await this.scan(file);
      if (card) out.push({ ...card, uri: pathToFileURL(file).href });
    }
    return out;
  }

  async symbols(query: string): Promise<WorkspaceSymbol[]> {
    const needle = query.toLowerCase();
    return (await this.all())
      .filter((card) => !needle || `${card.id} ${card.name}`.toLowerCase().includes(needle))
      .map((card) => ({
        name: `${card.id} ${card.name}`,
        kind: SymbolKind.File,
        location: { uri: card.uri, range: { start: { line: card.line, character: 0 }, end: { line: card.line, character: 0 } } },
      }));
  }

  private async scan(file: string): Promise<Entry['card']> {
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat) return undefined;
    const known = this.entries.get(file);
    if (known?.mtimeMs === stat.mtimeMs) return known.card;
    const text = await fs.readFile(file, 'utf8');
    const match = TITLE.exec(text);
    const headings = [...text.matchAll(/^#{2,3}[ \t]+(.+?):?[ \t]*$/gm)].filter((m) => SECTION_TITLES.includes(m[1]!.toLowerCase()));
    const firstHeading = /^#/m.exec(text);
    const card = match && firstHeading?.index === match.index && headings.length >= 2 ? { id: match[1]!, name: match[2] ?? '', line: text.slice(0, match.index).split('\n').length - 1 } : undefined;
    this.entries.set(file, { mtimeMs: stat.mtimeMs, ...(card ? { card } : {}) });
    return card;
  }
}
