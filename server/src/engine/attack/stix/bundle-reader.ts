import { DatasetError, describeError } from '../../errors.js';
import { LIMITS, readRegularFileSync } from '../../fs/read-regular.js';
import { locateJsonError } from '../../format/json-position.js';
import { buildIndex } from './build-index.js';
import { Dataset } from '../query/dataset.js';

/** Parses a STIX bundle held in memory, with errors that say where the JSON breaks. */
export function datasetFromBundleText(text: string, source: string): Dataset {
  const built = buildIndex(parseJson(text, source), source);
  return new Dataset(built.index, built.texts);
}

export function datasetFromBundleFile(file: string): Dataset {
  let text: string;
  try {
    text = readRegularFileSync(file, LIMITS.dataset).bytes.toString('utf8');
  } catch (error) {
    const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    throw new DatasetError(
      code === 'ENOENT' ? `Dataset file not found: ${file}` : `Cannot use the dataset file ${file}: ${describeError(error).split('\n')[0]}`,
      'Pass --dataset with the path of an ATT&CK STIX bundle (e.g. enterprise-attack.json) or an http(s) URL.',
      { cause: error },
    );
  }
  return datasetFromBundleText(text, file);
}

export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const where = text.trim() === '' ? ': the file is empty' : locateJsonError(text);
    throw new DatasetError(`${source} is not JSON${where}.`, 'An ATT&CK dataset is a STIX bundle in JSON, e.g. enterprise-attack.json; the file may be truncated or not a dataset at all.', {
      cause: error,
    });
  }
}
