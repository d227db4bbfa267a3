import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser';
import { CONFIG_FILE } from '../config/find-config.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { MARKDOWNLINT_FOR_CARDS } from './markdownlint-for-cards.js';
import { makeFolders } from '../fs/make-folders.js';

/** What `init` did, or left for the user, per file. */
export interface InitStep {
  file: string;
  action: 'created' | 'updated' | 'kept' | 'by hand';
  /** Why, or what the user should do. */
  note?: string;
}

export interface InitOptions {
  /** The repository root: `.huntcard.json` goes here. */
  root: string;
  /** Folders that hold (or will hold) the cards: markdownlint's settings for cards go in each. */
  cardFolders: readonly string[];
  domain: string;
  /** Where `$schema` points: the schema shipped in the npm package of this version. */
  schemaUrl: string;
  /** Markdown files in the card folders that are not cards (they would get the cards' markdownlint settings too). */
  otherMarkdown: readonly string[];
  /** A GitHub Actions workflow to write, if asked. */
  workflow?: { file: string; text: string };
}

const MARKDOWNLINT_FILES = ['.markdownlint.jsonc', '.markdownlint.json'];
const MARKDOWNLINT_OTHER = [
  '.markdownlint.yaml',
  '.markdownlint.yml',
  '.markdownlint.cjs',
  '.markdownlint.mjs',
  '.markdownlint-cli2.jsonc',
  '.markdownlint-cli2.yaml',
  '.markdownlint-cli2.cjs',
  '.markdownlint-cli2.mjs',
];
/** Team configs a card folder's own config can extend (markdownlint's `extends` reads these). */
const EXTENDABLE = ['.markdownlint.jsonc', '.markdownlint.json', '.markdownlint.yaml', '.markdownlint.yml'];

/**
 * Sets a repository up for Hunt Card: `.huntcard.json` at the root, markdownlint
 * settings for cards in each card folder (a new `.markdownlint.jsonc` extending
 * the team's config above it, or the settings merged into the folder's own JSON
 * config with its comments kept; for a config it cannot edit, exactly what to
 * add), and optionally a CI workflow. Nothing that exists is overwritten.
 */
export async function initRepository(options: InitOptions): Promise<InitStep[]> {
  const steps: InitStep[] = [];
  const huntcardJson = path.join(options.root, CONFIG_FILE);
  steps.push(
    await createUnlessPresent(
      huntcardJson,
      `${JSON.stringify({ $schema: options.schemaUrl, domain: options.domain, rules: {} }, null, 2)}\n`,
      'already there; left as it is (`huntcard rules` shows what it sets)',
    ),
  );
  for (const folder of options.cardFolders) steps.push(await markdownlintFor(folder, options.root));
  for (const file of options.otherMarkdown) {
    steps.push({ file, action: 'by hand', note: "is not a hunt card, but sits with the cards: markdownlint's settings for cards apply to it too. Keep cards in a folder of their own." });
  }
  if (options.workflow) steps.push(await createUnlessPresent(options.workflow.file, options.workflow.text, 'already there; left as it is'));
  return steps;
}

async function createUnlessPresent(file: string, text: string, keptNote: string): Promise<InitStep> {
  if (existsSync(file)) return { file, action: 'kept', note: keptNote };
  await makeFolders(path.dirname(file));
  try {
    await fs.writeFile(file, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { file, action: 'kept', note: keptNote };
    throw error;
  }
  return { file, action: 'created' };
}

async function markdownlintFor(folder: string, root: string): Promise<InitStep> {
  await makeFolders(folder);
  const own = MARKDOWNLINT_FILES.map((f) => path.join(folder, f)).find((f) => existsSync(f));
  if (own) return mergeInto(own);
  const other = MARKDOWNLINT_OTHER.map((f) => path.join(folder, f)).find((f) => existsSync(f));
  if (other) {
    return { file: other, action: 'by hand', note: `add these settings (markdownlint rules for hunt cards) to it: ${JSON.stringify(MARKDOWNLINT_FOR_CARDS)}` };
  }
  const team = teamConfigAbove(folder, root);
  const file = path.join(folder, '.markdownlint.jsonc');
  const lines = [
    '// markdownlint settings for hunt cards, written by `huntcard init`: the card format and',
    "// ATT&CK's own text need them. Markdown elsewhere in the repository keeps the team's rules.",
    '{',
    ...(team ? [`  "extends": ${JSON.stringify(path.relative(folder, team).split(path.sep).join('/'))},`] : []),
    ...Object.entries(MARKDOWNLINT_FOR_CARDS).map(([rule, value], i, all) => `  ${JSON.stringify(rule)}: ${JSON.stringify(value)}${i < all.length - 1 ? ',' : ''}`),
    '}',
    '',
  ];
  const step = await createUnlessPresent(file, lines.join('\n'), 'already there; left as it is');
  return team && step.action === 'created' ? { ...step, note: `extends ${path.relative(folder, team)}, so the team's other settings still apply to cards` } : step;
}

/** The nearest markdownlint config a card folder's config can extend, from the folder's parent up to the root. */
function teamConfigAbove(folder: string, root: string): string | undefined {
  const top = path.resolve(root);
  for (let dir = path.dirname(path.resolve(folder)); dir.startsWith(top); dir = path.dirname(dir)) {
    const found = EXTENDABLE.map((f) => path.join(dir, f)).find((f) => existsSync(f));
    if (found) return found;
    if (dir === top || path.dirname(dir) === dir) break;
  }
  return undefined;
}

/** Sets the card settings in an existing JSON(C) markdownlint config, keeping its comments and layout. */
async function mergeInto(file: string): Promise<InitStep> {
  const bytes = await fs.readFile(file);
  const original = bytes.toString('utf8');
  const errors: ParseError[] = [];
  const current = parse(original, errors, { allowTrailingComma: true }) as unknown;
  if (errors.length > 0 || typeof current !== 'object' || current === null || Array.isArray(current)) {
    return { file, action: 'by hand', note: `is not a JSON object init can edit; add these settings to it: ${JSON.stringify(MARKDOWNLINT_FOR_CARDS)}` };
  }
  let text = original;
  const existing = current as Record<string, unknown>;
  const changed: string[] = [];
  for (const [rule, value] of Object.entries(MARKDOWNLINT_FOR_CARDS)) {
    if (JSON.stringify(existing[rule]) === JSON.stringify(value)) continue;
    text = applyEdits(text, modify(text, [rule], value, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
    changed.push(rule);
  }
  if (changed.length === 0) return { file, action: 'kept', note: 'already has the settings for cards' };
  await writeFileAtomic(file, text, { expect: bytes, keep: await fs.stat(file) });
  return { file, action: 'updated', note: `set ${changed.join(', ')} for cards` };
}
