import { promises as fs } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SymbolKind, type WorkspaceSymbol } from 'vscode-languageserver/node';
import { SECTIONS } from '../engine/card/card-format.js';
import { stripClosingSequence } from '../engine/format/text-edges.js';
import { findMarkdownFiles } from '../engine/fs/find-markdown.js';
import { LIMITS, readRegularFile } from '../engine/fs/read-regular.js';
import { decodeText } from '../engine/fs/text-encoding.js';

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

const TITLE_ID = /^[ ]{0,3}#[ \t]+(T\d{4}(?:\.\d{3})?)(?=[ \t]|$)/;
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
    if (!stat?.isFile()) return undefined;
    const known = this.entries.get(file);
    if (known?.mtimeMs === stat.mtimeMs) return known.card;
    const read = await readRegularFile(file, LIMITS.card).catch(() => undefined);
    if (!read) return undefined;
    const text = decodeText(read.bytes).text;
    const card = lightScan(text);
    this.entries.set(file, { mtimeMs: stat.mtimeMs, ...(card ? { card } : {}) });
    return card;
  }
}

/** Title and section headings line by line (no regex over the whole text: long blank runs made one quadratic). */
function lightScan(text: string): Entry['card'] {
  const lines = text.split(/\r\n|\r|\n/);
  let title: { id: string; name: string; line: number } | undefined;
  let sections = 0;
  for (const [i, line] of lines.entries()) {
    if (title === undefined) {
      if (!/^[ ]{0,3}#/.test(line)) continue;
      const m = TITLE_ID.exec(line.replace(/^\uFEFF/, ''));
      if (!m) return undefined;
      title = { id: m[1]!, name: stripClosingSequence(line.slice(line.indexOf(m[1]!) + m[1]!.length)).trim(), line: i };
      continue;
    }
    const h = /^[ ]{0,3}(#{2,3})[ \t]/.exec(line);
    if (h && SECTION_TITLES.includes(stripClosingSequence(line.slice(h[0].length)).trim().replace(/:$/, '').toLowerCase())) sections++;
    if (sections >= 2) return title;
  }
  return undefined;
}
