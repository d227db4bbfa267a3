import { readFileSync } from 'node:fs';

interface StixObject {
  id: string;
  type: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  relationship_type?: string;
  source_ref?: string;
  target_ref?: string;
  external_references?: Array<{ source_name: string; external_id?: string }>;
}

/**
 * What a group uses, read straight from a MITRE bundle without the engine: its
 * live `uses` relationships to live techniques. The independent count that
 * coverage --actor and the VS Code focus are held to.
 */
export function techniquesUsedInBundle(bundleFile: string, groupId: string): Set<string> {
  const objects = (JSON.parse(readFileSync(bundleFile, 'utf8')) as { objects: StixObject[] }).objects;
  const attackId = (o: StixObject) => o.external_references?.find((r) => r.source_name === 'mitre-attack')?.external_id;
  const live = (o: StixObject) => !o.revoked && !o.x_mitre_deprecated;
  const group = objects.find((o) => o.type === 'intrusion-set' && live(o) && attackId(o) === groupId);
  if (!group) throw new Error(`${groupId} is not a live group of ${bundleFile}`);
  const techniques = new Map(objects.filter((o) => o.type === 'attack-pattern' && live(o)).map((o) => [o.id, attackId(o)!]));
  return new Set(
    objects
      .filter((o) => o.type === 'relationship' && o.relationship_type === 'uses' && live(o) && o.source_ref === group.id && techniques.has(o.target_ref!))
      .map((o) => techniques.get(o.target_ref!)!),
  );
}
