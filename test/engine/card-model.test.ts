import assert from 'node:assert/strict';
import { parseCard } from '../../server/src/engine/card/parse-card.js';
import { sectionOf } from '../../server/src/engine/card/card-model.js';
import { SECTIONS } from '../../server/src/engine/card/card-format.js';
import { type CardData, cardData, reviveCard } from '../../server/src/engine/card/card-transfer.js';
import { checkCard } from '../../server/src/engine/rules/check-card.js';
import { catalog18, filledCard, referenceCard } from '../helpers/cards.js';

describe('card model', () => {
  const text = referenceCard();
  const card = parseCard(text, 'T1589.002.md');
  const at = (offset: number) => card.lines.position(offset).line + 1;

  it('recognises the reference card and its title', () => {
    assert.equal(card.isCard, true);
    assert.deepEqual([card.title?.id, card.title?.name], ['T1589.002', 'Email Addresses']);
    assert.equal(text.slice(card.title!.idSpan.start, card.title!.idSpan.end), 'T1589.002');
  });

  it('finds every section of the format, in order, with its zone', () => {
    assert.deepEqual(
      card.sections.map((s) => s.spec?.key),
      SECTIONS.map((s) => s.key),
    );
    assert.equal(sectionOf(card, 'references')!.zone, 'attack');
    assert.equal(sectionOf(card, 'metadata')!.zone, 'author');
  });

  it('ends the ATT&CK zone after the pull-date line', () => {
    assert.equal(card.pullDate?.text, '23 June 2022');
    assert.equal(at(card.attackZoneEnd!), 65);
    assert.ok(text.slice(0, card.attackZoneEnd).endsWith('*Last pulled from Mitre on: 23 June 2022*\n'));
  });

  it('reads tactics, platforms, data sources, usage rows and references', () => {
    assert.deepEqual(
      card.tactics.map((t) => t.text),
      ['Reconnaissance'],
    );
    assert.deepEqual(
      card.platforms.map((t) => t.text),
      ['PRE'],
    );
    assert.deepEqual(
      card.dataSources.map((d) => [d.source.text, d.component.text]),
      [['Network Traffic', 'Network Traffic Content']],
    );
    assert.equal(card.usage.length, 9);
    assert.deepEqual([card.usage[0]!.groupCell.text, card.usage[0]!.groupLink?.attackId], ['TA551', 'G0127']);
    assert.equal(card.references.length, 4);
    assert.equal(card.references[2]!.title.text, 'Cnet Leaks');
    assert.match(card.references[2]!.description!, /^Ng, A\. \(2019/);
  });

  it('reads metadata, the adversary examples and each analytic with its five fields', () => {
    assert.deepEqual(
      card.metadata.map((m) => [m.key, m.value.text]),
      [
        ['Last Updated Date', '8 July 2021'],
        ['Author(s)', 'SSgt Johnathan Smith, SSgt John Beres'],
        ['Validated', 'NO'],
      ],
    );
    const row = card.adversaryExamples[0]!;
    assert.deepEqual([row.adversary.text, row.host.map((h) => h.number), row.network.map((n) => n.number)], ['Example APT/Threat actor', [1, 2], [2, 3, 5]]);
    assert.deepEqual(
      card.analytics.map((a) => `${a.section}:${a.number}:${a.fields.length}`),
      ['hostAnalytics:1:5', 'hostAnalytics:2:5', 'networkAnalytics:1:5', 'networkAnalytics:2:5'],
    );
    assert.equal(card.analytics[0]!.fields[4]!.value.text, '```Input your query here```');
  });

  it('reads fenced queries with their language', () => {
    const withQuery = text.replace('  * **Query:** ```Input your query here```\n\n#### Analytic 2', '  * **Query:**\n\n    ```kql\n    DeviceProcessEvents | take 10\n    ```\n\n#### Analytic 2');
    const analytic = parseCard(withQuery).analytics[0]!;
    assert.deepEqual(
      analytic.fencedQueries.map((q) => [q.lang, q.code]),
      [['kql', 'DeviceProcessEvents | take 10']],
    );
  });

  it('gives the same model for CRLF and LF', () => {
    const crlf = parseCard(text.replace(/\n/g, '\r\n'));
    const summary = (c: typeof card) => ({
      sections: c.sections.map((s) => [s.spec?.key, c.lines.position(s.headingSpan.start)]),
      usage: c.usage.map((u) => [u.groupCell.text, c.lines.position(u.groupCell.span.start)]),
      metadata: c.metadata.map((m) => [m.value.text, c.lines.position(m.value.span.start)]),
      analytics: c.analytics.map((a) => a.fields.map((f) => [f.value.text, c.lines.position(f.value.span.end)])),
      zoneEnd: c.lines.position(c.attackZoneEnd!),
    });
    assert.deepEqual(summary(crlf), summary(card));
  });

  it('treats other Markdown as not a card', () => {
    for (const other of ['# README\n\n## Technique Description\n\n## Metadata\n', '# T1059 PowerShell notes\n\nJust notes.\n', '## Technique Description\n\n# T1059 X\n\n## Metadata\n', '']) {
      assert.equal(parseCard(other).isCard, false, other);
    }
    assert.equal(parseCard('# T1059 Command and Scripting Interpreter\n\n## Technique Description\n\n## Metadata\n').isCard, true);
  });
});

describe('card model: plain data (architecture invariant 9)', () => {
  it('a card sent as JSON and revived gives the same findings, with the format’s own section specs', () => {
    for (const text of [referenceCard(), filledCard(), filledCard().replace(/\n/g, '\r\n')]) {
      const card = parseCard(text, 'T1059.001.md');
      const revived = reviveCard(JSON.parse(JSON.stringify(cardData(card))) as CardData, text);
      assert.deepEqual(checkCard(revived, catalog18()), checkCard(card, catalog18()));
      for (const section of revived.sections) if (section.spec) assert.ok(SECTIONS.includes(section.spec));
      assert.equal('tree' in card, false, 'the Markdown tree is not kept');
    }
  });

  it('Markdown that is not a card is not parsed: no sections, no model', () => {
    const notes = parseCard('# Notes\n\n## Metadata\n\n- a list\n', 'notes.md');
    assert.equal(notes.isCard, false);
    assert.deepEqual(notes.sections, []);
  });
});
