import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { scaffoldCard } from '../../server/src/engine/scaffold/scaffold.js';
import { bundle } from '../helpers/datasets.js';
import { REFERENCE_CARD } from '../helpers/paths.js';

describe('scaffold: the reference card (Enterprise 11.2)', () => {
  const reference = readFileSync(REFERENCE_CARD, 'utf8');

  it('reproduces the first 64 lines (the ATT&CK zone) byte for byte', () => {
    const card = scaffoldCard(bundle('enterprise11'), 'T1589.002', { date: '23 June 2022', author: 'A' });
    const head = (text: string) => text.split('\n').slice(0, 64).join('\n');
    assert.equal(head(card), head(reference));
  });

  it('differs from the reference only in metadata and the fixed Adversary Examples row', () => {
    const card = scaffoldCard(bundle('enterprise11'), 'T1589.002', {
      date: '8 July 2021',
      author: 'SSgt Johnathan Smith, SSgt John Beres',
    }).replace('*Last pulled from Mitre on: 8 July 2021*', '*Last pulled from Mitre on: 23 June 2022*');
    const expected = reference.replace('| Example APT/Threat actor | 1, 2 | 2, 3, 5|', '| Example APT/Threat actor | 1, 2 | 1, 2 |');
    assert.equal(card, expected);
  });

  it('keeps the trailing tab of the MuddyWater row and the "| " after every row', () => {
    const card = scaffoldCard(bundle('enterprise11'), 'T1589.002', { date: '23 June 2022' });
    assert.match(card, /\(Citation: Anomali Static Kitten February 2021\)\t \| \n/);
  });
});
