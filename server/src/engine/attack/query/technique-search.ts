import fuzzysort, { type Prepared } from 'fuzzysort';
import type { Catalog } from './catalog.js';

export interface TechniqueHit {
  id: string;
  name: string;
  /** "Parent: Name" for sub-techniques. */
  fullName: string;
}

interface Target extends TechniqueHit {
  prepared: { name: Prepared; fullName: Prepared; id: Prepared };
}

/** Short names hunters type for techniques whose ATT&CK names share few letters with them. */
const ABBREVIATIONS: Record<string, string[]> = {
  pwsh: ['PowerShell'],
  ps1: ['PowerShell'],
  cmd: ['Windows Command Shell'],
  bash: ['Unix Shell'],
  wmi: ['Windows Management Instrumentation'],
  rdp: ['Remote Desktop Protocol'],
  smb: ['SMB/Windows Admin Shares'],
  lsass: ['LSASS Memory'],
  uac: ['Bypass User Account Control'],
  dcsync: ['DCSync'],
  mfa: ['Multi-Factor Authentication', 'Multi-Factor Authentication Request Generation', 'Multi-Factor Authentication Interception'],
  vba: ['Visual Basic'],
  dll: ['DLL'],
};

const cache = new WeakMap<Catalog, Target[]>();

function targets(catalog: Catalog): Target[] {
  let list = cache.get(catalog);
  if (!list) {
    list = catalog.datasets.flatMap((d) =>
      d.currentTechniqueIds().map((id) => {
        const t = d.technique(id)!;
        const parent = t.parentId ? d.technique(t.parentId) : undefined;
        const fullName = parent ? `${parent.name}: ${t.name}` : t.name;
        return { id, name: t.name, fullName, prepared: { name: fuzzysort.prepare(t.name), fullName: fuzzysort.prepare(fullName), id: fuzzysort.prepare(id) } };
      }),
    );
    cache.set(catalog, list);
  }
  return list;
}

/**
 * Current techniques matching what a hunter typed, best first: fuzzy over the name,
 * the parent's name with it, and the ID (`pwsh`, `powrshell`, `cred dump`), with
 * common abbreviations (`cmd`, `rdp`) put first. fuzzysort does the matching.
 */
export function searchTechniques(catalog: Catalog, query: string, limit: number): TechniqueHit[] {
  const q = query.trim();
  if (!q) return [];
  const all = targets(catalog);
  const boosted = (ABBREVIATIONS[q.toLowerCase()] ?? []).flatMap((name) => all.filter((t) => t.name === name));
  const results = fuzzysort.go(q, all, {
    keys: [(t) => t.prepared.name, (t) => t.prepared.fullName, (t) => t.prepared.id],
    threshold: 0.2,
    limit: limit + boosted.length,
  });
  const seen = new Set<string>();
  const hits: TechniqueHit[] = [];
  for (const t of [...boosted, ...results.map((r) => r.obj)]) {
    if (seen.has(t.id) || hits.length >= limit) continue;
    seen.add(t.id);
    hits.push({ id: t.id, name: t.name, fullName: t.fullName });
  }
  return hits;
}
