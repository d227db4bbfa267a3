import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Each rule has a page, docs/rules/<id>.md, shipped with the package: the editor
// links the local copy, reports meant for other machines (SARIF) link the
// published one, whose address comes from package.json's repository.

let root: string | undefined;

/** The folder of the installation that holds package.json and docs/rules. */
function installRoot(): string {
  if (!root) {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    while (!existsSync(path.join(dir, 'docs', 'rules')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    root = dir;
  }
  return root;
}

let docsFolderUrl: string | undefined;

/** The rule's page in this installation (file://), for the editor (on every diagnostic, so the folder's URL is worked out once). */
export function ruleDocUrl(ruleId: string): string {
  docsFolderUrl ??= pathToFileURL(path.join(installRoot(), 'docs', 'rules')).href;
  return `${docsFolderUrl}/${ruleId}.md`;
}

let project: string | undefined;

/** The project's public repository (https), from package.json. */
export function projectUrl(): string {
  if (project === undefined) {
    const pkg = JSON.parse(readFileSync(path.join(installRoot(), 'package.json'), 'utf8')) as { repository?: string | { url?: string }; homepage?: string };
    const repo = (typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url) ?? pkg.homepage ?? '';
    const bare = repo.includes('#') ? repo.slice(0, repo.indexOf('#')) : repo;
    const web = bare.replace(/^git\+/, '').replace(/\.git$/, '');
    if (!/^https:\/\//.test(web)) throw new Error(`package.json has no https repository URL to link rule pages to (found "${repo}")`);
    project = web;
  }
  return project;
}

/** The rule's published page (https), for reports read elsewhere. */
export function rulePublishedUrl(ruleId: string): string {
  return `${projectUrl()}/blob/main/docs/rules/${ruleId}.md`;
}

/** The rule's page as Markdown, or undefined when it is not shipped. */
export function ruleDocText(ruleId: string): string | undefined {
  try {
    return readFileSync(path.join(installRoot(), 'docs', 'rules', `${ruleId}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
