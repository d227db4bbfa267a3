// Builds the benchmark corpus: a scaffold of every current Enterprise 18.1
// technique, plus two filled-in copies of each (hunter text, analytics with
// inline and fenced queries, a CRLF variant). Written to bench/corpus/ (ignored).
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadIndexDir } from '../out/server/src/engine/attack/store/index-store.js';
import { scaffoldCard } from '../out/server/src/engine/scaffold/scaffold.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS = path.join(root, 'bench', 'corpus');

const filled = (card, i) =>
  card
    .replace(/- Information Here/g, `- Adversaries abuse this technique on servers exposed to the internet; we hunt for its traces in process and network telemetry (hunt ${i}).`)
    .replace(/'Comments'/g, 'Parent process is an Office application or a script host')
    .replace(/'ex Windows Audits, Sysmon'/g, 'Sysmon EID 1, Windows Security 4688')
    .replace(/'Arkime, Kibana, Autopsy'/g, 'Kibana, Velociraptor')
    .replace(/'Various notes to assist with hunting\.'/g, 'Baseline administrative scripts first; expect noise from software deployment tools.')
    .replace(/ {2}\* \*\*Query:\*\* ```Input your query here```/g, (_m, offset) =>
      offset % 2
        ? '  * **Query:**\n\n    ```kql\n    DeviceProcessEvents\n    | where InitiatingProcessFileName in~ ("winword.exe", "excel.exe")\n    | where FileName in~ ("powershell.exe", "cmd.exe")\n    | project Timestamp, DeviceName, ProcessCommandLine\n    ```'
        : '  * **Query:** `process.parent.name:(winword.exe OR excel.exe) AND process.name:powershell.exe`',
    )
    .replace('| Example APT/Threat actor |', '| APT29 |')
    .replace('[Other references: All custom links should go here](example.lan)', '[Team wiki](https://wiki.example.org/hunts)');

export function buildCorpus() {
  if (existsSync(CORPUS) && readdirSync(CORPUS).length >= 2000) return readdirSync(CORPUS).length;
  rmSync(CORPUS, { recursive: true, force: true });
  mkdirSync(CORPUS, { recursive: true });
  const dataset = loadIndexDir(path.join(root, 'data', 'attack', 'enterprise-attack'));
  let n = 0;
  for (const id of dataset.currentTechniqueIds()) {
    const card = scaffoldCard(dataset, id, { date: '1 November 2026', author: 'Bench Team' });
    writeFileSync(path.join(CORPUS, `${id}.md`), card);
    writeFileSync(path.join(CORPUS, `${id}-filled.md`), filled(card, n));
    writeFileSync(path.join(CORPUS, `${id}-crlf.md`), filled(card, n + 1).replace(/\n/g, '\r\n'));
    n += 3;
  }
  return n;
}
