// ATT&CK mentions in files that are not cards: what is read as one, and what is not.
import assert from 'node:assert/strict';
import { findMentions } from '../../server/src/engine/mentions/attack-mentions.js';
import { CALL_BOUND_MS } from '../reliability/properties.js';

const ids = (text: string, format: 'markdown' | 'yaml' = 'markdown') => findMentions(text, format).map((m) => `${m.form}:${m.id}@${text.slice(m.span.start, m.span.end)}`);

describe('mentions: ATT&CK IDs, Sigma tags and links in any file', () => {
  it('reads IDs, tags and links, each span covering what a fix replaces', () => {
    assert.deepEqual(ids('See T1059.001 and https://attack.mitre.org/techniques/T1086/ (G0016, TA0002, DET0455, M1040).'), [
      'id:T1059.001@T1059.001',
      'url:T1086@T1086',
      'id:G0016@G0016',
      'id:TA0002@TA0002',
      'id:DET0455@DET0455',
      'id:M1040@M1040',
    ]);
    assert.deepEqual(ids('tags:\n  - attack.t1059.001\n  - attack.execution\n  - attack.defense_evasion\n', 'yaml'), [
      'tag:T1059.001@t1059.001',
      'tag:execution@execution',
      'tag:defense-evasion@defense_evasion',
    ]);
  });

  it('does not read a longer URL path, a file name, a version or prose after "attack." as a mention', () => {
    assert.deepEqual(ids('https://attack.mitre.org/techniques/T10860/ and https://attack.mitre.org/techniques/T1086/0011'), []);
    assert.deepEqual(ids('Image|endswith: C:\\Temp\\T1055.dll and T1055.exe', 'yaml'), []);
    assert.deepEqual(ids('v2.T1059, T1059x, 1T1059'), []);
    assert.deepEqual(ids('An attack.log file, attack.The end.'), [], 'tactic tags are read in Sigma rules (YAML) only');
    assert.deepEqual(ids('```\nT1003 in a query\n```\nT1055 in prose'), ['id:T1055@T1055']);
    // Found in review: a line opening with ```query``` (the template's query style) was read as a fence left open.
    assert.deepEqual(ids('```index=main T1003```\nSee T1055 in prose.\n'), ['id:T1003@T1003', 'id:T1055@T1055']);
    assert.deepEqual(
      ids("detection:\n  sel:\n    CommandLine|contains: 'T1086' # was attack.t1086\n# attack.t1003\ntags: [attack.t1047] # attack.t1055\n", 'yaml'),
      ['tag:T1047@t1047'],
      'in YAML a bare ID is a value to match, and comments are not read',
    );
  });

  it('stays linear on long files of fences, links and IDs (a 2 MB hostile file is read within the call bound)', () => {
    const fences = '```\nx\n```\nT1003 T1055 TA0001\n'.repeat(60000);
    const links = 'https://attack.mitre.org/techniques/T1059/ T1003\n'.repeat(40000);
    for (const [text, format] of [
      [fences, 'markdown'],
      [links, 'yaml'],
    ] as const) {
      const started = performance.now();
      const found = findMentions(text, format);
      const took = performance.now() - started;
      assert.ok(found.length >= 40000, String(found.length));
      assert.ok(took < CALL_BOUND_MS, `${(text.length / 1e6).toFixed(1)} MB took ${took.toFixed(0)} ms (bound ${CALL_BOUND_MS} ms)`);
    }
  });
});
