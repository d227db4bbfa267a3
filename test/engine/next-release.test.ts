// The synthetic next ATT&CK release (19.0, derived from 18.1 at test time): each kind of change it makes shows through the Dataset API.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Dataset } from '../../server/src/engine/attack/query/dataset.js';
import { datasetFromBundleFile } from '../../server/src/engine/attack/stix/bundle-reader.js';
import { NEXT_RELEASE_MODIFIED, type NextReleaseChanges, writeNextRelease } from '../fixtures/next-release.js';
import { bundle } from '../helpers/datasets.js';
import { tempDir } from '../helpers/tmp.js';

describe('next-release fixture: a synthetic Enterprise ATT&CK 19.0 derived from 18.1', () => {
  const dir = tempDir();
  let changes: NextReleaseChanges;
  let next: Dataset;
  let old: Dataset;
  before(() => {
    // A file name without a version in it: the release must come from the bundle itself.
    const file = path.join(dir, 'next', 'enterprise-attack.json');
    changes = writeNextRelease(file);
    next = datasetFromBundleFile(file);
    old = bundle('enterprise18');
  });

  const groupIds = (d: Dataset, technique: string) => d.groupUsesOf(technique).map((g) => g.group.id);

  it('reads as Enterprise ATT&CK 19.0, a STIX 2.1 bundle newer than 18.1', () => {
    assert.equal(changes.version, '19.0');
    assert.deepEqual([next.meta.domain, next.meta.version, next.meta.specVersion, next.meta.modified], ['enterprise-attack', '19.0', '2.1', NEXT_RELEASE_MODIFIED]);
    assert.ok(next.meta.modified > old.meta.modified);
    assert.equal(next.meta.counts.techniques, old.meta.counts.techniques - 2, 'one technique revoked, one deprecated');
    assert.equal(next.meta.counts.groups, old.meta.counts.groups);
  });

  it('renames a tactic, keeping its ID, and its techniques follow the new shortname', () => {
    const { id, from, to, fromShortname, toShortname } = changes.renamedTactic;
    assert.deepEqual([id, from, to, fromShortname, toShortname], ['TA0009', 'Collection', 'Data Collection', 'collection', 'data-collection']);
    const tactic = next.tactics().find((t) => t.id === id)!;
    assert.deepEqual([tactic.name, tactic.shortname], [to, toShortname]);
    assert.equal(tactic.url, old.tactics().find((t) => t.id === id)!.url);
    assert.equal(next.tacticByShortname(fromShortname), undefined);
    const before = old.techniqueSummaries().filter((t) => t.tactics.includes(fromShortname));
    assert.ok(before.length > 30);
    for (const t of before) assert.ok(next.technique(t.id)!.tactics.includes(toShortname), t.id);
    assert.deepEqual(
      next.techniqueSummaries().filter((t) => t.tactics.includes(fromShortname)),
      [],
    );
  });

  it('splits Defense Evasion into Stealth and Defense Impairment, in its place in the matrix', () => {
    const { id, shortname, into } = changes.splitTactic;
    assert.deepEqual([id, shortname], ['TA0005', 'defense-evasion']);
    assert.deepEqual(
      into.map((t) => [t.id, t.name, t.shortname]),
      [
        ['TA0112', 'Stealth', 'stealth'],
        ['TA0113', 'Defense Impairment', 'defense-impairment'],
      ],
    );
    const oldOrder = old.tactics().map((t) => t.id);
    const matrixOrder = oldOrder.flatMap((t) => (t === id ? ['TA0112', 'TA0113'] : [t]));
    assert.deepEqual(
      next
        .tactics()
        .slice(0, matrixOrder.length)
        .map((t) => t.id),
      matrixOrder,
    );
    for (const t of into) assert.equal(next.tacticByShortname(t.shortname)!.url, `https://attack.mitre.org/tactics/${t.id}`);

    const [stealth, impairment] = into;
    assert.ok(impairment.techniques.includes('T1562') && impairment.techniques.includes('T1562.001') && impairment.techniques.includes('T1600.002'), 'Impair Defenses and "Disable" techniques');
    assert.ok(stealth.techniques.includes('T1027') && stealth.techniques.includes('T1036.005'));
    const moved = [...stealth.techniques, ...impairment.techniques];
    assert.equal(new Set(moved).size, moved.length, 'each technique goes to one tactic');
    assert.deepEqual(
      old
        .techniqueSummaries()
        .filter((t) => t.tactics.includes(shortname))
        .map((t) => t.id)
        .sort(),
      [...moved].sort(),
    );
    for (const t of into) for (const technique of t.techniques) assert.ok(next.technique(technique)!.tactics.includes(t.shortname), `${technique} in ${t.shortname}`);
    assert.deepEqual(
      next.techniqueSummaries().filter((t) => t.tactics.includes(shortname)),
      [],
    );
  });

  it('revokes a technique by a live one', () => {
    const { id, name, by, byName } = changes.revoked;
    assert.deepEqual([id, name, by, byName], ['T1027.001', 'Binary Padding', 'T1027', 'Obfuscated Files or Information']);
    assert.equal(old.technique(id)!.revoked, false);
    const technique = next.technique(id)!;
    assert.deepEqual([technique.revoked, technique.revokedBy, technique.deprecated], [true, by, false]);
    const replacement = next.technique(by)!;
    assert.deepEqual([replacement.name, replacement.revoked, replacement.deprecated], [byName, false, false]);
    assert.ok(!next.currentTechniqueIds().includes(id) && next.currentTechniqueIds().includes(by));
    assert.deepEqual(next.usesOf(id), []);
    assert.deepEqual(next.detectionStrategies(id), []);
    assert.equal(next.technique('T1009')!.revokedBy, id, 'an older revocation to it is kept: T1009 → T1027.001 → T1027');
    // What every caller (refresh, migrate, the revoked-technique fix, hovers, mentions) asks: the live end of the chain.
    assert.equal(next.replacementOf(next.technique('T1009')!)?.id, by);
    assert.equal(old.replacementOf(old.technique('T1009')!)?.id, id, 'in 18.1 the chain ends at T1027.001');
  });

  it('deprecates another technique, with a note first in its description', () => {
    const { id, name } = changes.deprecated;
    assert.deepEqual([id, name], ['T1029', 'Scheduled Transfer']);
    const technique = next.technique(id)!;
    assert.deepEqual([technique.deprecated, technique.revoked], [true, false]);
    assert.match(
      technique.description,
      /^\*\*This technique has been deprecated\. Please use \[Exfiltration Over C2 Channel\]\(https:\/\/attack\.mitre\.org\/techniques\/T1041\) where appropriate\.\*\*\n\n/,
    );
    assert.ok(!next.currentTechniqueIds().includes(id));
    assert.notEqual(id, changes.revoked.id);
  });

  it('gives a group a technique and takes one away', () => {
    const { groupGains: gains, groupLoses: loses } = changes;
    // T1003.002: no campaign attributed to APT29 uses it either, so the loss is one a review must report.
    assert.deepEqual([gains.group, gains.groupName, gains.technique, loses.technique], ['G0016', 'APT29', 'T1021.001', 'T1003.002']);
    assert.ok(!next.campaignsOf(loses.group).some((c) => next.usedBy(c.id).some((u) => u.targetId === loses.technique)));
    assert.ok(!groupIds(old, gains.technique).includes(gains.group));
    assert.ok(groupIds(next, gains.technique).includes(gains.group));
    const use = next.usesOf(gains.technique).find((u) => u.sourceId === gains.group)!;
    assert.equal(use.description, '[APT29](https://attack.mitre.org/groups/G0016) has used [Remote Desktop Protocol](https://attack.mitre.org/techniques/T1021/001).');

    assert.ok(groupIds(old, loses.technique).includes(loses.group));
    assert.ok(!groupIds(next, loses.technique).includes(loses.group));
    assert.deepEqual(
      groupIds(next, loses.technique),
      groupIds(old, loses.technique).filter((g) => g !== loses.group),
      'the other groups keep it',
    );
    const used = next.usedBy(gains.group).map((u) => u.targetId);
    assert.ok(used.includes(gains.technique) && !used.includes(loses.technique));
  });

  it("changes an analytic's name and description", () => {
    const { analytic, technique, newName } = changes.analyticChanged;
    assert.deepEqual([analytic, technique], ['AN1252', 'T1059.001']);
    const find = (d: Dataset) =>
      d
        .detectionStrategies(technique)
        .flatMap((s) => s.analytics)
        .find((a) => a.id === analytic)!;
    assert.equal(find(old).name, 'Analytic 1252');
    assert.equal(find(next).name, newName);
    assert.notEqual(find(next).description, find(old).description);
    assert.equal(next.detectionObject(analytic)!.name, newName);
  });
});
