import type { CardReview, ListDelta, NamedId, ReleaseChange, ReleaseReview, ZoneDelta } from '../../protocol.js';

const named = (n: NamedId) => (n.id ? `${n.name} (${n.id})` : n.name);
/** Inline code that may itself hold backticks: fenced with more of them than it holds in a row. */
const code = (text: string) => {
  const fence = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length)) + 1);
  return fence.length > 1 ? `${fence} ${text} ${fence}` : `\`${text}\``;
};
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A release review as Markdown for a pull request: the counts, the tactics, then each card's changes. */
/** With `applied`, the cards --apply migrated (by their review's file): their mechanical changes read as done. */
export function reviewMarkdown(review: ReleaseReview, options: { applied?: ReadonlySet<string> } = {}): string {
  const out: string[] = [];
  out.push(`# ATT&CK release review: ${review.previous ? `${review.previous} → ` : ''}${review.release}`, '');
  out.push(summaryLine(review), '');
  if (review.tactics.length) {
    out.push('## Tactics', '');
    for (const t of review.tactics) out.push(`- ${tacticLine(t)}`);
    out.push('');
  }
  if (review.cards.length) {
    out.push(`## Cards`, '');
    out.push(
      options.applied
        ? 'Marked *(applied)*: what `--apply` did. Each box is for a person to judge.'
        : 'Marked *(mechanical)*: what `huntcard migrate --apply` does. Each box is for a person to judge.',
      '',
    );
    for (const card of review.cards)
      out.push(...cardSection(card, options.applied ? (options.applied.has(card.file) ? '*(applied)*' : '*(not applied: see the messages above)*') : '*(mechanical)*'), '');
  }
  if (review.notes.length) {
    out.push('## Notes', '');
    for (const note of review.notes) out.push(`- ${note}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function summaryLine(review: ReleaseReview): string {
  const c = review.counts;
  const parts = [
    c.zone && `${c.zone} with ATT&CK zone changes`,
    c.revoked && `${c.revoked} revoked`,
    c.deprecated && `${c.deprecated} deprecated`,
    c.unknown && `${c.unknown} not in the release`,
    c.tactics && plural(c.tactics, 'author-zone line naming a renamed, split or retired tactic', 'author-zone lines naming a renamed, split or retired tactic'),
    c.groupRows && plural(c.groupRows, 'Adversary Examples entry to check', 'Adversary Examples entries to check'),
    c.oldPulls && `${c.oldPulls} pulled before ${review.previous ?? 'the previous release'}`,
    c.blocked && `${c.blocked} that cannot be migrated as ${c.blocked === 1 ? 'it is' : 'they are'}`,
  ].filter(Boolean);
  return `${plural(c.cards, 'card')} reviewed: ${parts.length ? `${parts.join(', ')}; ` : ''}${c.unchanged} unchanged.`;
}

function tacticLine(t: ReleaseReview['tactics'][number]): string {
  if (t.kind === 'renamed') return `**${named(t.tactic)}** is renamed **${t.now[0]!.name}**.`;
  if (t.kind === 'split') return `**${named(t.tactic)}** is retired; its techniques moved to ${t.now.map((n) => `**${named(n)}**`).join(' and ')}.`;
  return `**${named(t.tactic)}** is retired.`;
}

function cardSection(card: CardReview, mark: string): string[] {
  const lines = [`### ${code(card.file)}: ${card.id} ${card.name}`, ''];
  for (const change of card.changes) lines.push(...changeLines(change, card, mark));
  return lines;
}

function changeLines(change: ReleaseChange, card: CardReview, mark: string): string[] {
  switch (change.kind) {
    case 'zone':
      return [card.steps ? `- ${mark} ATT&CK zone refreshed: ${zoneWords(change.zone)}.` : `- [ ] ATT&CK zone changes, not applied while the card cannot be migrated: ${zoneWords(change.zone)}.`];
    case 'revoked': {
      if (!change.replacement) return [`- [ ] **Revoked** with no replacement: retire the card.`];
      const now = `${change.replacement.id} ${change.replacement.name}`;
      const head = change.blocked
        ? `- [ ] **Revoked**: ${card.id} is now ${now}, but ${change.blocked}.`
        : !card.steps
          ? `- [ ] **Revoked**: ${card.id} is now ${now}; move the card${change.newFile ? ` to ${code(change.newFile)}` : ''} once it can be migrated (see below).`
          : `- ${mark} **Revoked**: ${card.id} is now ${now}; ${change.newFile ? `the card moves to ${code(change.newFile)}` : 'the card, already under that name, takes it in place'}.`;
      const lines = [...new Set(change.mentions.map((m) => m.line))].map((line) => {
        const here = change.mentions.filter((m) => m.line === line);
        const rewritten = here.filter((m) => m.rewritten).length;
        const left = here.length - rewritten;
        // A card that is not migrated has nothing rewritten: each mention is the person's to change.
        const what =
          card.steps && !change.blocked
            ? [rewritten ? `${rewritten} rewritten to ${change.replacement!.id}` : '', left ? `${left} in code or not a reference, left for you` : ''].filter(Boolean).join('; ')
            : `${here.length} to change by hand`;
        return `  - line ${line} (${what}): ${code(here[0]!.text)}`;
      });
      return [head, ...(lines.length ? [`  Mentions of ${card.id} in the author zone:`, ...lines] : [])];
    }
    case 'deprecated':
      return [`- [ ] **Deprecated** in this release: ${change.note}`];
    case 'unknown':
      return [`- [ ] **Not in this release**: the technique is unknown to it; check the ID.`];
    case 'retired-tactic':
      return [`- [ ] Line ${change.where.line} names **${change.tactic}**, ${change.now.length ? `now ${change.now.join(' or ')}` : 'which the release retired'}: ${code(change.where.text)}`];
    case 'stale-group-row':
      return [
        `- [ ] Adversary Examples, line ${change.where.line}: ${named(change.group)} ${change.why === 'gone' ? `is no longer a group in this release${change.now ? ` (now the campaign ${named(change.now)})` : ''}` : `no longer uses ${card.id} in this release`}: ${code(change.where.text)}`,
      ];
    case 'new-groups':
      return [`- [ ] Groups that use it from this release on and have no Adversary Examples row: ${change.groups.map(named).join(', ')}.`];
    case 'old-pull':
      return [`- [ ] Pulled on ${change.pulled}, before ${change.previous} (${change.released}): the card skipped at least one release; read its zone changes closely.`];
    case 'blocked':
      return [`- [ ] **Cannot be migrated as it is**: ${change.message}${change.hint ? ` ${change.hint}` : ''}`];
  }
}

/** A zone delta in words: only the parts that changed. */
export function zoneWords(zone: ZoneDelta): string {
  const words: string[] = [];
  if (zone.name) words.push(`name "${zone.name.from}" → "${zone.name.to}"`);
  if (zone.description) words.push('description');
  if (zone.detection.changed) words.push(`detection${listWords(zone.detection)}`);
  const lists: Array<[string, ListDelta]> = [
    ['tactics', zone.tactics],
    ['platforms', zone.platforms],
    ['data sources', zone.dataSources],
    ['references', zone.references],
  ];
  for (const [label, delta] of lists) if (delta.added.length || delta.removed.length) words.push(`${label}${listWords(delta)}`);
  if (zone.groups.added.length || zone.groups.removed.length) {
    words.push(
      `groups ${[zone.groups.added.length ? `+${zone.groups.added.map(named).join(', ')}` : '', zone.groups.removed.length ? `−${zone.groups.removed.map(named).join(', ')}` : ''].filter(Boolean).join('; ')}`,
    );
  }
  return words.length ? words.join('; ') : 'layout';
}

function listWords(delta: ListDelta): string {
  const few = (xs: string[]) => (xs.length > 4 ? `${xs.slice(0, 4).join(', ')}, … (${xs.length})` : xs.join(', '));
  const parts = [delta.added.length ? `+${few(delta.added)}` : '', delta.removed.length ? `−${few(delta.removed)}` : ''].filter(Boolean);
  return parts.length ? ` (${parts.join('; ')})` : '';
}
