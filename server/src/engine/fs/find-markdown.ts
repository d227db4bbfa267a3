import { existsSync, promises as fs, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

const MARKDOWN = /\.(md|markdown)$/i;
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

export interface FoundFiles {
  files: string[];
  /** Arguments that name nothing on disk. */
  missing: string[];
}

/**
 * The Markdown files named by `inputs` (files as given; folders walked, honouring
 * .gitignore files found on the way and skipping .git and node_modules).
 */
export async function findMarkdownFiles(inputs: string[]): Promise<FoundFiles> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const input of inputs) {
    if (!existsSync(input)) {
      missing.push(input);
      continue;
    }
    if (statSync(input).isDirectory()) await walk(path.resolve(input), [], files);
    else files.push(path.resolve(input));
  }
  return { files: [...new Set(files)].sort(), missing };
}

interface Scope {
  base: string;
  rules: Ignore;
}

async function walk(dir: string, scopes: Scope[], out: string[]): Promise<void> {
  const gitignore = path.join(dir, '.gitignore');
  const here = existsSync(gitignore) ? [...scopes, { base: dir, rules: ignore().add(readFileSync(gitignore, 'utf8')) }] : scopes;
  const entries = await fs.readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (ALWAYS_SKIPPED.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    const isDir = entry.isDirectory();
    if (here.some((s) => s.rules.ignores(path.relative(s.base, full).split(path.sep).join('/') + (isDir ? '/' : '')))) continue;
    if (isDir) await walk(full, here, out);
    else if (entry.isFile() && MARKDOWN.test(entry.name)) out.push(full);
  }
}
