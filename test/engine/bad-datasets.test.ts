import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatasetError } from '../../server/src/engine/errors.js';
import { datasetFromBundleFile } from '../../server/src/engine/attack/stix/bundle-reader.js';
import { loadIndexDir } from '../../server/src/engine/attack/store/index-store.js';
import { tempDir } from '../helpers/tmp.js';

describe('dataset: bad input gets an error that says what and where', () => {
  const dir = tempDir();
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const fails = (p: string, pattern: RegExp) =>
    assert.throws(
      () => datasetFromBundleFile(p),
      (e: unknown) => e instanceof DatasetError && pattern.test(e.message),
    );

  it('a missing file', () => fails(path.join(dir, 'nope.json'), /not found: .*nope\.json/));
  it('an empty file', () => fails(file('empty.json', ''), /empty\.json is not JSON: the file is empty/));
  it('not JSON, with line and column', () => fails(file('broken.json', '{\n  "type": "bundle",\n  "objects": [,]\n}'), /broken\.json is not JSON at line 3, column \d+/));
  it('JSON that is not a bundle', () => fails(file('array.json', '[1, 2]'), /array\.json is JSON but not a STIX bundle/));
  it('a bundle whose objects are not STIX objects', () => fails(file('objects.json', '{"type":"bundle","objects":[{"type":"attack-pattern"}]}'), /objects\[0\]\.id/));
  it('a technique of the wrong shape, naming the object', () =>
    fails(
      file('shape.json', JSON.stringify({ type: 'bundle', objects: [{ type: 'attack-pattern', id: 'attack-pattern--1', name: 5, external_references: [] }] })),
      /objects\[0\] \(attack-pattern--1\)\.name/,
    ));
  it('a bundle without techniques', () => fails(file('empty-bundle.json', '{"type":"bundle","objects":[{"type":"identity","id":"identity--1","name":"x"}]}'), /holds no ATT&CK techniques/));

  it('a corrupt index folder', () => {
    const index = path.join(dir, 'index');
    mkdirSync(index);
    writeFileSync(path.join(index, 'index.json'), '{"format":"huntcard-attack-index","formatVersion":1');
    writeFileSync(path.join(index, 'texts.bin'), '');
    assert.throws(() => loadIndexDir(index), /corrupt/);
    writeFileSync(path.join(index, 'index.json'), '{"format":"something-else"}');
    assert.throws(() => loadIndexDir(index), /not in this version's format/);
  });
});
