import type { Dataset } from '../attack/query/dataset.js';

// A picker's rows go to the client as they are: their shape is the protocol's, typed once there.
import type { TechniqueChoice } from '../../protocol.js';

export type { TechniqueChoice };

/** Every current (not revoked, not deprecated) technique of a dataset, in ID order. */
export function techniqueChoices(dataset: Dataset): TechniqueChoice[] {
  const tacticNames = new Map(dataset.tactics().map((t) => [t.shortname, t.name]));
  return dataset.currentTechniqueIds().map((id) => {
    const t = dataset.technique(id)!;
    const parent = t.parentId ? dataset.technique(t.parentId) : undefined;
    return {
      id,
      name: t.name,
      fullName: parent ? `${parent.name}: ${t.name}` : t.name,
      tactics: t.tactics.map((s) => tacticNames.get(s) ?? s),
      summary: firstSentence(t.description),
    };
  });
}

function firstSentence(text: string): string {
  const plain = text
    .replace(/\[([^[\]]*)\]\([^()]*\)/g, '$1')
    .replace(/\(Citation: [^()]*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const end = plain.search(/\.(\s|$)/);
  const sentence = end >= 0 ? plain.slice(0, end + 1) : plain;
  return sentence.length > 200 ? `${sentence.slice(0, 199)}…` : sentence;
}
