// Every current technique of every real bundle in ../shared/attack, scaffolded with
// its own dataset: the card is recognised, its ATT&CK zone ends unambiguously at the
// pull-date line, the guards on dataset text change nothing in real data, and
// checking it with that dataset finds nothing but the template's placeholders.
import assert from 'node:assert/strict';
import { Catalog } from '../../server/src/engine/attack/query/catalog.js';
import { parseCard } from '../../server/src/engine/card/parse-card.js';
import { checkCard } from '../../server/src/engine/rules/check-card.js';
import { blockText, inlineText, linkTarget } from '../../server/src/engine/scaffold/dataset-text.js';
import { scaffoldCard } from '../../server/src/engine/scaffold/scaffold.js';
import { bundle } from '../helpers/datasets.js';
import type { BUNDLES } from '../helpers/paths.js';

describe('every technique of every bundle, scaffolded', function () {
  this.timeout(300000);
  for (const name of ['enterprise18', 'enterprise11', 'mobile18'] as Array<keyof typeof BUNDLES>) {
    it(`${name}: a card whose zone ends at its pull-date line, dataset text unchanged by the guards, no finding but placeholders`, () => {
      const dataset = bundle(name);
      const catalog = new Catalog([dataset]);
      const ids = dataset.currentTechniqueIds();
      assert.ok(ids.length > 100);
      const problems: string[] = [];
      for (const id of ids) {
        const technique = dataset.technique(id)!;
        for (const [what, text, safe] of [
          ['description', technique.description, blockText(technique.description)],
          ['detection', technique.detection, blockText(technique.detection)],
          ['name', technique.name, inlineText(technique.name)],
          ...technique.references.flatMap((r) => [
            ['reference url', r.url ?? '', linkTarget(r.url) ?? ''],
            ['reference description', r.description ?? '', inlineText(r.description ?? '')],
          ]),
        ] as Array<[string, string, string]>) {
          if (text !== safe) problems.push(`${id} ${what} was changed by its guard`);
        }
        const text = scaffoldCard(dataset, id, { date: '1 May 2026', author: 'A' });
        const card = parseCard(text, `${id}.md`);
        const zoneEnd = text.indexOf('\n', text.indexOf('*Last pulled from Mitre on:')) + 1;
        if (!card.isCard || card.title?.id !== id) problems.push(`${id} is not recognised as a card`);
        if (card.zoneProblem) problems.push(`${id}: ${card.zoneProblem.message}`);
        if (card.attackZoneEnd !== zoneEnd) problems.push(`${id}: the zone ends at ${card.attackZoneEnd}, not ${zoneEnd}`);
        for (const f of checkCard(card, catalog)) if (f.rule !== 'placeholder') problems.push(`${id}: ${f.rule} ${f.message}`);
      }
      assert.deepEqual(problems, []);
    });
  }
});
