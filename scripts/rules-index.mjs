#!/usr/bin/env node
// Writes docs/rules/README.md, the index of every rule, from the rule registry
// (run after a build). `npm test` fails when the file and the registry disagree.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COLLECTION_RULES, RULES } from '../out/server/src/engine/rules/registry.js';

const sentence = (summary) => `${summary.charAt(0).toUpperCase()}${summary.slice(1)}.`;

export function renderRulesIndex() {
  const row = (r) => `| [${r.id}](${r.id}.md) | ${r.defaultSeverity} | ${r.autofix ? 'yes' : ''} | ${sentence(r.summary).replace(/\|/g, '\\|')} |`;
  return [
    '# Rules',
    '',
    "Card rules: `huntcard check`, and diagnostics in the editor. *autofix*: `huntcard check --fix` and the editor's Fix All apply the rule's preferred fix; other rules' quick fixes are for a person to choose.",
    '',
    '| rule | default | autofix | what |',
    '|---|---|---|---|',
    ...RULES.map(row),
    '',
    'Collection rules: about the collection as a whole, in `huntcard coverage` and as diagnostics of the cards they name in the editor. (`huntcard coverage` also names cards whose technique is unknown, under `unknown-technique`.)',
    '',
    '| rule | default | autofix | what |',
    '|---|---|---|---|',
    ...COLLECTION_RULES.map(row),
    '',
    'Every rule\'s severity can be set in `.huntcard.json` (`{"rules": {"<rule>": "off"}}`) or VS Code\'s `huntcard.rules`.',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'rules', 'README.md');
  writeFileSync(file, renderRulesIndex());
  console.log(`wrote ${file}`);
}
