import { distance } from 'fastest-levenshtein';
import { HuntCardError } from '../../errors.js';
import { normaliseTechniqueId, TECHNIQUE_ID } from './attack-ids.js';
import type { Dataset } from './dataset.js';
import type { Technique } from './model.js';

/**
 * Finds a technique for a user-typed ID and turns every way that can fail into
 * an error that says what to type instead.
 */
export function requireTechnique(dataset: Dataset, input: string, purpose: 'scaffold' | 'lookup' = 'lookup'): Technique {
  const id = normaliseTechniqueId(input);
  const technique = dataset.technique(id);
  if (!technique) {
    const shape = TECHNIQUE_ID.test(id) ? '' : ' (technique IDs look like T1059 or T1059.001)';
    const close = closestTechniques(dataset, id, 3)
      .map((t) => `${t.id} ${t.name}`)
      .join(', ');
    throw new HuntCardError(`Unknown technique ${JSON.stringify(input)} in ${dataset.label}${shape}.`, close ? `Did you mean: ${close}?` : 'Run `huntcard data info` to see which dataset is in use.');
  }
  if (purpose === 'scaffold' && technique.revoked) {
    const replacement = technique.revokedBy ? dataset.technique(technique.revokedBy) : undefined;
    throw new HuntCardError(
      `${id} ${technique.name} was revoked in ${dataset.label}` + (replacement ? ` and replaced by ${replacement.id} ${replacement.name}.` : '.'),
      replacement ? `Scaffold ${replacement.id} instead.` : 'Pick a current technique.',
    );
  }
  if (purpose === 'scaffold' && technique.deprecated) {
    throw new HuntCardError(
      `${id} ${technique.name} is deprecated in ${dataset.label}; hunt cards are made for current techniques only.`,
      'Pick a current technique (see attack.mitre.org for what superseded it).',
    );
  }
  return technique;
}

/** Techniques whose ID or name is closest to the input, current ones only. */
export function closestTechniques(dataset: Dataset, input: string, count: number): Array<{ id: string; name: string }> {
  const needle = input.toLowerCase();
  return dataset
    .techniqueSummaries()
    .filter((t) => !t.revoked && !t.deprecated)
    .map((t) => ({
      t,
      score: Math.min(distance(needle, t.id.toLowerCase()), distance(needle, t.name.toLowerCase()) + 0.5),
    }))
    .sort((a, b) => a.score - b.score || a.t.id.localeCompare(b.t.id))
    .slice(0, count)
    .map(({ t }) => ({ id: t.id, name: t.name }));
}
