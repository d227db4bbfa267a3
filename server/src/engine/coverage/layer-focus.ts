import type { Dataset } from '../attack/query/dataset.js';
import { DOMAIN_NAMES, toDomain } from '../attack/query/model.js';
import { HuntCardError } from '../errors.js';
import { type Focus, type FocusReason, rollUp } from './focus.js';

// What a layer must hold to be read as a focus; everything else in it is ignored. Layers 3.0 to 4.5 fit.
// zod loads when a layer is read, not with the language server.
const layerSchema = async () => {
  const { z } = await import('zod');
  return z.object({
    name: z.string().optional(),
    domain: z.string(),
    techniques: z.array(
      z.object({
        techniqueID: z.string(),
        // Hand-written layers hold "3" or "" too: a number in a string counts, anything else is no score.
        score: z.unknown().optional(),
        color: z.string().optional(),
        comment: z.string().optional(),
        enabled: z.boolean().optional(),
      }),
    ),
  });
};

/** Layer 3.x domains ("mitre-enterprise") and 4.x ones ("enterprise-attack"). */
const OLD_DOMAINS: Record<string, string> = { 'mitre-enterprise': 'enterprise-attack', 'mitre-mobile': 'mobile-attack', 'mitre-ics': 'ics-attack' };

/**
 * A Navigator layer (CTI, detections, a red-team plan) as a focus: the
 * techniques it annotates, with a score, a colour or a comment, and not
 * disabled. A revoked technique counts as its replacement, and the notes say
 * so; an unknown or deprecated one is left out and noted. A layer of another
 * domain than the dataset's, or a file that is not a layer, is an error.
 */
export async function focusOnLayer(dataset: Dataset, text: string, file: string): Promise<Focus> {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new HuntCardError(`${file} is not a Navigator layer: it is not JSON (${(error as Error).message}).`, 'Export the layer from ATT&CK Navigator (Download layer as JSON) and pass that file.');
  }
  const parsed = (await layerSchema()).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HuntCardError(
      `${file} is not a Navigator layer: ${issue.path.length ? `"${issue.path.join('.')}" ` : ''}${issue.message.replace(/^Invalid input: /, '')}.`,
      'A layer is the JSON ATT&CK Navigator exports, with "domain" and a "techniques" list.',
    );
  }
  const layer = parsed.data;
  const domain = toDomain(OLD_DOMAINS[layer.domain] ?? layer.domain);
  if (domain !== dataset.meta.domain) {
    throw new HuntCardError(
      `${file} is a layer of ${domain ? DOMAIN_NAMES[domain] : `the unknown domain "${layer.domain}"`}, but the cards are read against ${dataset.label}.`,
      domain
        ? `Pass --domain ${domain.replace(/-attack$/, '')} (with that domain's data), or a layer of ${dataset.label.replace(/ v.*/, '')}.`
        : 'Use a layer exported for enterprise-attack, mobile-attack or ics-attack.',
    );
  }
  const current = new Set(dataset.currentTechniqueIds());
  const direct = new Map<string, Set<string>>();
  const annotations = new Map<string, Pick<FocusReason, 'score' | 'comment'>>();
  const notes: string[] = [];
  for (const entry of layer.techniques) {
    const value = typeof entry.score === 'number' ? entry.score : typeof entry.score === 'string' && entry.score.trim() !== '' ? Number(entry.score) : undefined;
    const numeric = value !== undefined && Number.isFinite(value) ? value : undefined;
    const annotated = numeric !== undefined || !!entry.color || !!entry.comment?.trim();
    if (entry.enabled === false || !annotated) continue;
    let id = entry.techniqueID.trim().toUpperCase();
    const technique = dataset.technique(id);
    if (technique?.revoked && technique.revokedBy && current.has(technique.revokedBy)) {
      notes.push(`${id} is revoked in ${dataset.label}: counted as ${technique.revokedBy}.`);
      id = technique.revokedBy;
    } else if (!current.has(id)) {
      notes.push(`${id} is ${technique?.deprecated ? 'deprecated' : technique ? 'revoked' : 'not a technique'} in ${dataset.label}: left out.`);
      continue;
    }
    direct.set(id, new Set());
    const known = annotations.get(id);
    // One technique may be annotated once per tactic: the highest score and the first comment stand.
    const score = numeric !== undefined ? Math.max(numeric, known?.score ?? -Infinity) : known?.score;
    const comment = known?.comment ?? (entry.comment?.trim() || undefined);
    annotations.set(id, { ...(score !== undefined ? { score } : {}), ...(comment ? { comment } : {}) });
  }
  const name = layer.name?.trim() || file;
  return { kind: 'layer', label: `layer "${name}"`, actors: [], layer: { name, file }, selected: rollUp(dataset, direct, annotations), notes: [...new Set(notes)] };
}
