import assert from 'node:assert/strict';
import { parseCard } from '../../server/src/engine/card/parse-card.js';
import { regenerateAttackZone, zoneDelta } from '../../server/src/engine/refresh/attack-zone.js';
import { scaffoldCard } from '../../server/src/engine/scaffold/scaffold.js';
import { catalog11, catalog18 } from '../helpers/cards.js';

describe('zone delta: the groups a release adds and removes', () => {
  it('a row whose procedure links only a software is read as the group of its name (Evilnum, G0120, on T1219 in 11.2)', () => {
    // Found by a new user: the row gave a group with no ID ("G0129, , G0094") in check, refresh and migrate's JSON.
    const text = scaffoldCard(catalog11().primary, 'T1219', { date: '1 May 2022', author: 'A' });
    assert.match(text, /^\| Evilnum \| \[EVILNUM\]\(https:\/\/attack\.mitre\.org\/software\/S0568\)/m);
    const card = parseCard(text, 'T1219.md');
    const delta = zoneDelta(card, regenerateAttackZone(card, catalog18(), '1 May 2022'))!;
    assert.ok(
      delta.groups.removed.some((g) => g.id === 'G0120' && g.name === 'Evilnum'),
      JSON.stringify(delta.groups.removed),
    );
    assert.deepEqual(
      [...delta.groups.added, ...delta.groups.removed].filter((g) => !g.id),
      [],
    );
  });
});
