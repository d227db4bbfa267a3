import { readFileSync } from 'node:fs';
import { Catalog } from '../../server/src/engine/attack/query/catalog.js';
import { parseCard } from '../../server/src/engine/card/parse-card.js';
import { checkCard, type CheckOptions } from '../../server/src/engine/rules/check-card.js';
import type { Finding } from '../../server/src/engine/rules/rule.js';
import { scaffoldCard } from '../../server/src/engine/scaffold/scaffold.js';
import { bundle } from './datasets.js';
import { REFERENCE_CARD } from './paths.js';

export const referenceCard = (): string => readFileSync(REFERENCE_CARD, 'utf8');

export const catalog11 = (): Catalog => new Catalog([bundle('enterprise11')]);
export const catalog18 = (): Catalog => new Catalog([bundle('enterprise18'), bundle('mobile18')]);

export function check(text: string, catalog: Catalog = catalog18(), options: CheckOptions = {}): Finding[] {
  return checkCard(parseCard(text, 'card.md'), catalog, options);
}

/** A scaffolded card with every placeholder replaced by hunter-like text: no findings at all. */
export function filledCard(id = 'T1059.001'): string {
  return scaffoldCard(bundle('enterprise18'), id, { date: '12 March 2026', author: 'R. Analyst' })
    .replace(/- Information Here/g, '- Encoded PowerShell launched by Office processes.')
    .replace(/'Comments'/g, 'Parent-child anomalies')
    .replace(/'ex Windows Audits, Sysmon'/g, 'Sysmon EID 1')
    .replace(/'Arkime, Kibana, Autopsy'/g, 'Kibana')
    .replace(/'Various notes to assist with hunting\.'/g, 'Baseline admin scripts first.')
    .replace(/```Input your query here```/g, '`process.name:powershell.exe and process.args:-enc`')
    .replace('| Example APT/Threat actor |', '| APT29 |')
    .replace('[Other references: All custom links should go here](example.lan)', '[Team wiki](https://wiki.example.org/hunts/powershell)');
}

/** A card pulled from 11.2 for T1574.002, which 18.1 revoked into T1574.001: judgement calls for a person, never for --fix. */
export function revokedCard(): string {
  return scaffoldCard(bundle('enterprise11'), 'T1574.002', { date: '23 June 2022', author: 'J. Smith' });
}

/** A filled card whose title was changed to another technique than its zone describes (title-zone-mismatch). */
export function retitledCard(): string {
  return filledCard().replace('# T1059.001 PowerShell\n', '# T1003 OS Credential Dumping\n');
}
