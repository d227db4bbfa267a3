import { promises as fs } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { describeError, HuntCardError } from '../errors.js';
import { fileError } from './fs-errors.js';
import { LIMITS, readRegularFileSync } from './read-regular.js';

const MARKDOWN = /\.(md|markdown)$/i;
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

export interface FoundFiles {
  files: string[];
  /** Arguments that name nothing on disk. */
  missing: string[];
  /** Things met on the way that could not be used (an unreadable folder, a .gitignore that is a pipe), and why. */
  problems: string[];
}

/**
 * The Markdown files named by `inputs` (files as given; folders walked, honouring
 * .gitignore files found on the way and skipping .git and node_modules). The walk
 * does not follow symbolic links; an entry it cannot read is reported in
 * `problems` and the walk goes on with the rest.
 */
export async function findMarkdownFiles(inputs: string[]): Promise<FoundFiles> {
  const files: string[] = [];
  const missing: string[] = [];
  const problems: string[] = [];
  for (const input of inputs) {
    let stat;
    try {
      stat = await fs.stat(input);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (
        code === 'ENOENT' &&
        !(await fs.lstat(input).then(
          () => true,
          () => false,
        ))
      )
        missing.push(input);
      else if (code === 'ENOENT') throw new HuntCardError(`${input} is a symbolic link to something that does not exist.`, 'Fix or remove the link.');
      else throw fileError(error, input, 'read');
      continue;
    }
    if (stat.isDirectory()) await walk(path.resolve(input), [], files, problems);
    else files.push(path.resolve(input));
  }
  return { files: [...new Set(files)].sort(), missing, problems };
}

interface Scope {
  base: string;
  rules: Ignore;
}

async function walk(dir: string, scopes: Scope[], out: string[], problems: string[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    problems.push(describeError(fileError(error, dir, 'list')));
    return;
  }
  const here = [...scopes];
  if (entries.some((e) => e.name === '.gitignore')) {
    const gitignore = path.join(dir, '.gitignore');
    try {
      const { bytes } = readRegularFileSync(gitignore, LIMITS.gitignore);
      here.push({ base: dir, rules: ignore().add(bytes.toString('utf8')) });
    } catch (error) {
      problems.push(`${describeError(error).split('\n')[0]} (its ignore rules were not applied)`);
    }
  }
  for (const entry of entries) {
    if (ALWAYS_SKIPPED.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    const isDir = entry.isDirectory();
    if (here.some((s) => s.rules.ignores(path.relative(s.base, full).split(path.sep).join('/') + (isDir ? '/' : '')))) continue;
    if (isDir) await walk(full, here, out, problems);
    else if (entry.isFile() && MARKDOWN.test(entry.name)) out.push(full);
  }
}
