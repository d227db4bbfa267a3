import path from 'node:path';
import { Option, type Command } from 'commander';
import { githubWorkflow, shortDomain, type Domain } from '../../engine/index.js';
import { engineFor, parseDomain } from '../dataset-options.js';
import { displayPath } from '../display-path.js';
import { EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import { field } from '../terminal.js';

interface InitFlags {
  cards?: string[];
  domain?: Domain;
  ci?: 'github';
}

/** The default folder for cards in a repository that has none yet. */
const DEFAULT_CARDS = 'cards';

export function registerInit(program: Command, io: Io, version: string): void {
  program
    .command('init')
    .description('set a repository up for hunt cards: .huntcard.json, markdownlint settings for the card folders, optionally a CI workflow (nothing existing is overwritten)')
    .argument('[dir]', 'the repository root', '.')
    .option('--cards <folder...>', `folders of cards (default: the folders that hold cards, else ./${DEFAULT_CARDS})`)
    .addOption(new Option('--domain <domain>', 'ATT&CK domain of the cards: enterprise, mobile or ics').argParser(parseDomain).default('enterprise-attack', 'enterprise'))
    .addOption(new Option('--ci <system>', 'also write a CI workflow running the Hunt Card action').choices(['github']))
    .action(async (dir: string, flags: InitFlags) => {
      const root = path.resolve(dir);
      const engine = engineFor({}, io.warn);
      const layout = await engine.cardLayout(root);
      const cardFolders = flags.cards?.map((c) => path.resolve(root, c)) ?? (layout.cardFolders.length > 0 ? layout.cardFolders : [path.join(root, DEFAULT_CARDS)]);
      const relative = (f: string) => path.relative(root, f).split(path.sep).join('/') || '.';
      const steps = await engine.init({
        root,
        cardFolders,
        domain: shortDomain(flags.domain ?? 'enterprise-attack'),
        schemaUrl: `https://unpkg.com/huntcard@${version}/dist/schemas/huntcard.schema.json`,
        // Markdown that is not a card, under the folders chosen (detected or --cards): their settings would reach it.
        otherMarkdown: layout.notCards.filter((f) => cardFolders.some((c) => f.startsWith(c + path.sep))),
        ...(flags.ci === 'github'
          ? {
              workflow: {
                file: path.join(root, '.github', 'workflows', 'huntcard.yml'),
                text: githubWorkflow({ action: `huntcard/hunt-card@v${version}`, paths: cardFolders.map(relative), domain: shortDomain(flags.domain ?? 'enterprise-attack') }),
              },
            }
          : {}),
      });
      for (const step of steps) io.out(`${step.action.padEnd(8)} ${field(displayPath(step.file))}${step.note ? `: ${field(step.note)}` : ''}\n`);
      io.exitCode = EXIT.ok;
    });
}
