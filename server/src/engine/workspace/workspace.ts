import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CardSource } from '../card/card-model.js';
import { HuntCardError } from '../errors.js';
import { findMarkdownFiles, type FoundFiles, YAML } from '../fs/find-markdown.js';
import { LIMITS, type ReadLimit, readRegularFile } from '../fs/read-regular.js';
import { type DecodedText, decodeText } from '../fs/text-encoding.js';

/** A file's text as the engine reads it. */
export interface WorkspaceFile {
  path: string;
  text: string;
  /** Changes whenever the text may have: an open buffer's version, or the file's mtime and size. */
  stamp: string;
  /** How the file is stored on disk (absent for an editor's buffer). */
  source?: CardSource;
  /** The bytes as read, for writing back exactly (absent for an editor's buffer). */
  decoded?: DecodedText;
}

/**
 * Where the engine reads cards and configs from. The CLI reads the disk
 * (`DiskWorkspace`); the language server reads the disk overlaid with the
 * editor's open buffers (`OverlayWorkspace`), so unsaved edits count; tests use
 * `MemoryWorkspace`. Paths are absolute file-system paths.
 */
export interface Workspace {
  /** The Markdown files under `paths` (folders walked honouring .gitignore), and what could not be used. */
  findMarkdown(paths: readonly string[]): Promise<FoundFiles>;
  /** The file's text; a HuntCardError says why it cannot be read (not a regular file, too large, …). */
  read(file: string, limit?: ReadLimit): Promise<WorkspaceFile>;
  /** The file's text, or undefined when there is no such file. */
  readIfExists(file: string, limit?: ReadLimit): Promise<WorkspaceFile | undefined>;
}

export class DiskWorkspace implements Workspace {
  findMarkdown(paths: readonly string[]): Promise<FoundFiles> {
    return findMarkdownFiles([...paths]);
  }

  async read(file: string, limit: ReadLimit = LIMITS.card): Promise<WorkspaceFile> {
    const { bytes, stat } = await readRegularFile(file, limit);
    const decoded = decodeText(bytes);
    return {
      path: file,
      text: decoded.text,
      stamp: `${stat.mtimeMs}:${stat.size}`,
      source: { encoding: decoded.encoding, bom: decoded.bom, ...(decoded.firstInvalid !== undefined ? { firstInvalid: decoded.firstInvalid } : {}) },
      decoded,
    };
  }

  async readIfExists(file: string, limit?: ReadLimit): Promise<WorkspaceFile | undefined> {
    if (
      !(await fs.lstat(file).then(
        () => true,
        () => false,
      ))
    )
      return undefined;
    return this.read(file, limit);
  }
}

/** An editor's open documents, by path. */
export interface OpenDocuments {
  get(file: string): { text: string; version: number } | undefined;
  paths(): string[];
}

/** The disk, with the editor's open buffers taking the place of their files. */
export class OverlayWorkspace implements Workspace {
  constructor(
    private readonly disk: Workspace,
    private readonly open: OpenDocuments,
  ) {}

  async findMarkdown(paths: readonly string[]): Promise<FoundFiles> {
    const found = await this.disk.findMarkdown(paths);
    // A new, unsaved buffer inside the folders is part of the collection too.
    const inside = (file: string) => paths.some((p) => file === p || file.startsWith(p.endsWith(path.sep) ? p : p + path.sep));
    const extra = this.open.paths().filter((p) => /\.(md|markdown)$/i.test(p) && inside(p) && !found.files.includes(p));
    return { ...found, files: [...found.files, ...extra].sort() };
  }

  read(file: string, limit?: ReadLimit): Promise<WorkspaceFile> {
    const buffer = this.open.get(file);
    return buffer ? Promise.resolve({ path: file, text: buffer.text, stamp: `open:${buffer.version}` }) : this.disk.read(file, limit);
  }

  readIfExists(file: string, limit?: ReadLimit): Promise<WorkspaceFile | undefined> {
    const buffer = this.open.get(file);
    return buffer ? Promise.resolve({ path: file, text: buffer.text, stamp: `open:${buffer.version}` }) : this.disk.readIfExists(file, limit);
  }
}

/** Files held in memory: for tests, and for anything that checks text that is not on disk. */
export class MemoryWorkspace implements Workspace {
  private readonly files = new Map<string, { text: string; version: number }>();

  constructor(files: Record<string, string> = {}) {
    for (const [file, text] of Object.entries(files)) this.set(file, text);
  }

  set(file: string, text: string): void {
    const known = this.files.get(path.resolve(file));
    this.files.set(path.resolve(file), { text, version: (known?.version ?? 0) + 1 });
  }

  delete(file: string): void {
    this.files.delete(path.resolve(file));
  }

  async findMarkdown(paths: readonly string[]): Promise<FoundFiles> {
    const roots = paths.map((p) => path.resolve(p));
    const files = [...this.files.keys()].filter((f) => /\.(md|markdown)$/i.test(f) && roots.some((r) => f === r || f.startsWith(r + path.sep))).sort();
    const missing = paths.filter((p, i) => ![...this.files.keys()].some((f) => f === roots[i] || f.startsWith(roots[i]! + path.sep)));
    const yaml = [...this.files.keys()].filter((f) => YAML.test(f) && roots.some((r) => f === r || f.startsWith(r + path.sep))).sort();
    return { files, yaml, missing, problems: [], links: [] };
  }

  async read(file: string): Promise<WorkspaceFile> {
    const known = await this.readIfExists(file);
    if (!known) throw new HuntCardError(`No such file or folder: ${file}`, 'Check the path.');
    return known;
  }

  async readIfExists(file: string): Promise<WorkspaceFile | undefined> {
    const known = this.files.get(path.resolve(file));
    return known ? { path: path.resolve(file), text: known.text, stamp: `memory:${known.version}` } : undefined;
  }
}
