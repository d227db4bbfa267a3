import { existsSync } from 'node:fs';
import path from 'node:path';
import { DatasetError, describeError } from '../../errors.js';
import { LIMITS, readRegularFileSync } from '../../fs/read-regular.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import type { buildIndex } from '../stix/build-index.js';
import { Dataset } from '../query/dataset.js';
import type { IndexCore, IndexRelations } from './index-file.js';
import { INDEX_FORMAT_VERSION, RELATION_KEYS, REQUIRED_RELATION_KEYS } from './index-format.js';
import { BlobTextTable } from './text-table.js';
import { makeFolders } from '../../fs/make-folders.js';

export const INDEX_JSON = 'index.json';
export const INDEX_TEXTS = 'texts.bin';
export const INDEX_RELATIONS = 'relations.json';

/** Writes a built index into `dir` (created if needed); each file is replaced atomically. */
export async function writeIndexDir(dir: string, built: ReturnType<typeof buildIndex>): Promise<void> {
  await makeFolders(dir);
  // texts first: an index.json is only ever beside the texts it points into.
  const { index } = built;
  const relations = Object.fromEntries(RELATION_KEYS.map((k) => [k, index[k]]));
  const core = Object.fromEntries(Object.entries(index).filter(([k]) => !(RELATION_KEYS as readonly string[]).includes(k)));
  await writeFileAtomic(path.join(dir, INDEX_TEXTS), built.texts.serialize());
  await writeFileAtomic(path.join(dir, INDEX_RELATIONS), JSON.stringify(relations));
  await writeFileAtomic(path.join(dir, INDEX_JSON), JSON.stringify(core));
}

export function isIndexDir(dir: string): boolean {
  return existsSync(path.join(dir, INDEX_JSON));
}

/** Loads an index directory written by writeIndexDir. `label` overrides the recorded source. */
export function loadIndexDir(dir: string, label?: string): Dataset {
  let raw: Buffer;
  let blob: Buffer;
  try {
    raw = readRegularFileSync(path.join(dir, INDEX_JSON), LIMITS.dataset).bytes;
    blob = readRegularFileSync(path.join(dir, INDEX_TEXTS), LIMITS.dataset).bytes;
  } catch (error) {
    throw new DatasetError(`Cannot read the ATT&CK index in ${dir}: ${describeError(error).split('\n')[0]}`, 'Rebuild it (npm run build) or update the data (huntcard data update).', { cause: error });
  }
  let index: IndexCore;
  try {
    index = JSON.parse(raw.toString('utf8')) as IndexCore;
  } catch (error) {
    throw new DatasetError(`The ATT&CK index in ${dir} is corrupt (${INDEX_JSON} is not JSON).`, 'Update or rebuild the data.', {
      cause: error,
    });
  }
  checkIndexShape(index, dir);
  let texts: BlobTextTable;
  try {
    texts = new BlobTextTable(blob);
  } catch (error) {
    throw new DatasetError(`The ATT&CK index in ${dir} is corrupt (${INDEX_TEXTS}: ${(error as Error).message}).`, 'Update or rebuild the data.');
  }
  if (label) index.meta = { ...index.meta, source: label };
  return new Dataset(index, texts, () => loadRelations(dir));
}

function loadRelations(dir: string): IndexRelations {
  let relations: IndexRelations;
  try {
    relations = JSON.parse(readRegularFileSync(path.join(dir, INDEX_RELATIONS), LIMITS.dataset).bytes.toString('utf8')) as IndexRelations;
  } catch (error) {
    throw new DatasetError(`The ATT&CK index in ${dir} is corrupt (${INDEX_RELATIONS}: ${(error as Error).message}).`, 'Update or rebuild the data.', { cause: error });
  }
  if (!REQUIRED_RELATION_KEYS.every((k) => Array.isArray(relations?.[k]))) {
    throw new DatasetError(`The ATT&CK index in ${dir} is corrupt (${INDEX_RELATIONS} lacks sections).`, 'Update or rebuild the data.');
  }
  return relations;
}

/**
 * A cheap structural check at load time. The index is our own output, so a full
 * schema pass (indexFileSchema, run by the tests) is not repeated on every start.
 */
function checkIndexShape(index: IndexCore, dir: string): void {
  const ok =
    index !== null &&
    typeof index === 'object' &&
    index.format === 'huntcard-attack-index' &&
    index.formatVersion === INDEX_FORMAT_VERSION &&
    typeof index.meta === 'object' &&
    ['references', 'tactics', 'techniques', 'actors'].every((k) => Array.isArray((index as unknown as Record<string, unknown>)[k]));
  if (!ok) {
    throw new DatasetError(
      `The ATT&CK index in ${dir} is not in this version's format (format ${String(index?.formatVersion)}, expected ${INDEX_FORMAT_VERSION}) or is damaged.`,
      'Update or rebuild the data.',
    );
  }
}
