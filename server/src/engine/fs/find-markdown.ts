import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { describeError, HuntCardError } from '../errors.js';
import { fileError } from './fs-errors.js';
import { kindOf, LIMITS, readRegularFileSync } from './read-regular.js';
import { SKIPPED_FOLDERS } from '../../protocol.js';

const MARKDOWN = /\.(md|markdown)$/i;
/** Sigma rules (detections) are YAML: coverage reads them beside the cards. */
export const YAML = /\.ya?ml$/i;

export interface FoundFiles {
  files: string[];
  /** YAML files found on the way (or named), for the Sigma rules among them. */
  yaml: string[];
  /** Arguments that name nothing on disk. */
  missing: string[];
  /** Things met on the way that could not be used (an unreadable folder, a .gitignore that is a pipe), and why. */
  problems: string[];
  /** Symbolic links named like Markdown that a folder walk met and did not follow (a card named directly is read). */
  links: string[];
}

/**
 * The Markdown files named by `inputs` (files as given; folders walked, honouring
 * the .gitignore files that apply there, as git does: those found on the way and
 * those of the folders above, up to the repository's root, unless those ignore
 * the named folder itself; .git and node_modules are skipped). The walk does not follow symbolic links; an entry it cannot read,
 * and a Markdown name that is a pipe, socket or device, is reported in `problems`
 * and the walk goes on with the rest.
 */
export async function findMarkdownFiles(inputs: string[]): Promise<FoundFiles> {
  const files: string[] = [];
  const yaml: string[] = [];
  const missing: string[] = [];
  const problems: string[] = [];
  const links: string[] = [];
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
    if (stat.isDirectory()) await walk(path.resolve(input), ancestorScopes(path.resolve(input), problems), { markdown: files, yaml, links }, problems);
    else {
      // A file named is taken as given (check says what it is); a YAML one is also read for Sigma rules.
      files.push(path.resolve(input));
      if (YAML.test(input)) yaml.push(path.resolve(input));
    }
  }
  return { files: [...new Set(files)].sort(), yaml: [...new Set(yaml)].sort(), missing, problems, links: links.sort() };
}

interface Scope {
  base: string;
  rules: Ignore;
}

/** The git repository a folder is in (the nearest folder above or at it holding `.git`), if any. */
export function repositoryRoot(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/** The .gitignore rules of the folders above `dir`, from the repository's root down (none outside a repository). */
function ancestorScopes(dir: string, problems: string[]): Scope[] {
  const above: string[] = [];
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    above.unshift(current);
    if (existsSync(path.join(current, '.git'))) break;
    if (path.dirname(current) === current) return [];
  }
  const scopes = above.flatMap((folder) => gitignoreScope(folder, problems));
  // A folder named explicitly is walked even if those rules ignore it (as ripgrep does); its own .gitignore files still apply.
  const ignoredItself = scopes.some((s) => s.rules.ignores(`${path.relative(s.base, dir).split(path.sep).join('/')}/`));
  return ignoredItself ? [] : scopes;
}

function gitignoreScope(dir: string, problems: string[]): Scope[] {
  const gitignore = path.join(dir, '.gitignore');
  if (!existsSync(gitignore)) return [];
  try {
    const { bytes } = readRegularFileSync(gitignore, LIMITS.gitignore);
    return [{ base: dir, rules: ignore().add(bytes.toString('utf8')) }];
  } catch (error) {
    problems.push(`${describeError(error).split('\n')[0]} (its ignore rules were not applied)`);
    return [];
  }
}

async function walk(dir: string, scopes: Scope[], out: { markdown: string[]; yaml: string[]; links: string[] }, problems: string[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    problems.push(describeError(fileError(error, dir, 'list')));
    return;
  }
  const here = entries.some((e) => e.name === '.gitignore') ? [...scopes, ...gitignoreScope(dir, problems)] : scopes;
  for (const entry of entries) {
    if (SKIPPED_FOLDERS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    const isDir = entry.isDirectory();
    if (here.some((s) => s.rules.ignores(path.relative(s.base, full).split(path.sep).join('/') + (isDir ? '/' : '')))) continue;
    if (isDir) await walk(full, here, out, problems);
    else if (YAML.test(entry.name)) {
      if (entry.isFile()) out.yaml.push(full);
    } else if (!MARKDOWN.test(entry.name)) continue;
    else if (entry.isFile()) out.markdown.push(full);
    else if (entry.isSymbolicLink()) out.links.push(full);
    else {
      // A pipe or device named like Markdown: never opened (it could block or never end), but said.
      const kind = await fs.lstat(full).then(kindOf, () => undefined);
      if (kind) problems.push(`${full} is ${kind}, not a regular file; it was not checked.`);
    }
  }
}

/** What to say of the links a walk did not follow, so no card drops out of a report unsaid. */
export function skippedLinksNote(links: readonly string[], name: (file: string) => string = (f) => f): string {
  const shown =
    links
      .slice(0, 5)
      .map((f) => name(f))
      .join(', ') + (links.length > 5 ? `, and ${links.length - 5} more` : '');
  return `Not read: ${links.length === 1 ? 'a symbolic link' : `${links.length} symbolic links`} named like a card (a folder walk never follows links; name a card to read it): ${shown}`;
}
