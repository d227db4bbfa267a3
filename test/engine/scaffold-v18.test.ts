import assert from 'node:assert/strict';
import { scaffoldCard } from '../../server/src/engine/scaffold/scaffold.js';
import { HuntCardError } from '../../server/src/engine/errors.js';
import { bundle } from '../helpers/datasets.js';

describe('scaffold: ATT&CK v18 data', () => {
  it('fills Technique Detection from detection strategies and their analytics', () => {
    const card = scaffoldCard(bundle('enterprise18'), 'T1589.002', { date: '1 January 2026' });
    const detection = card.split('## Technique Detection\n\n')[1]!.split('\n\n---')[0]!;
    assert.match(detection, /^\*\*Detection of Email Addresses\*\* \(\[DET0814\]\(https:\/\/attack\.mitre\.org\/detectionstrategies\/DET0814\)\)/);
    assert.match(detection, / {2}\* \*PRE\* \(\[AN1946\]\(https:\/\/attack\.mitre\.org\/detectionstrategies\/DET0814#AN1946\)\): Monitor for suspicious network traffic/);
  });

  it('fills Data Sources from the data components the analytics log sources reference', () => {
    const card = scaffoldCard(bundle('enterprise18'), 'T1589.002', { date: '1 January 2026' });
    assert.match(card, /### Data Sources:\n\n {2}\* \*\*Network Traffic:\*\* Network Traffic Content\n/);
    const powershell = scaffoldCard(bundle('enterprise18'), 'T1059.001', { date: '1 January 2026' });
    assert.match(powershell, / {2}\* \*\*WinEventLog:Sysmon:\*\* Process Creation\n/);
  });

  it('orders adversarial usage by group ID, highest first, groups only', () => {
    const card = scaffoldCard(bundle('enterprise18'), 'T1059.001', { date: '1 January 2026' });
    const ids = [...card.matchAll(/^\| [^|]+ \| \[[^\]]+\]\(https:\/\/attack\.mitre\.org\/groups\/(G\d{4})\)/gm)].map((m) => m[1]!);
    assert.ok(ids.length > 20, `expected many groups, got ${ids.length}`);
    assert.deepEqual(ids, [...ids].sort().reverse());
    assert.doesNotMatch(card, /attack\.mitre\.org\/software\/S\d{4}\) has/);
  });

  it('refuses revoked techniques and names the replacement', () => {
    assert.throws(
      () => scaffoldCard(bundle('enterprise18'), 'T1086'),
      (e: unknown) => e instanceof HuntCardError && /revoked/.test(e.message) && /T1059\.001 PowerShell/.test(e.message),
    );
  });

  it('refuses deprecated techniques', () => {
    const deprecated = bundle('enterprise18')
      .techniqueSummaries()
      .find((t) => t.deprecated && !t.revoked)!;
    assert.throws(() => scaffoldCard(bundle('enterprise18'), deprecated.id), /deprecated/);
  });

  it('suggests the closest IDs for an unknown one', () => {
    assert.throws(
      () => scaffoldCard(bundle('enterprise18'), 'T1589.02'),
      (e: unknown) => e instanceof HuntCardError && /Unknown technique/.test(e.message) && /T1589\.002 Email Addresses/.test(e.hint ?? ''),
    );
  });

  it('scaffolds every current Enterprise and Mobile technique', () => {
    for (const name of ['enterprise18', 'mobile18'] as const) {
      const dataset = bundle(name);
      const ids = dataset.currentTechniqueIds();
      assert.equal(ids.length, name === 'enterprise18' ? 691 : 124);
      for (const id of ids) {
        const card = scaffoldCard(dataset, id, { date: '1 January 2026' });
        assert.ok(card.startsWith(`# ${id} `), id);
        assert.ok(!/## Technique Detection\n\n\n/.test(card), `${id} has an empty detection section`);
      }
    }
  });
});
