#!/usr/bin/env node
// Builds the embedded ATT&CK snapshot into data/attack/<domain>/ (git-ignored).
// Source: ../shared/attack beside the checkout, else MITRE's pinned release.
// Never commit the output: it is ATT&CK data.
import { existsSync, promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIndex } from '../out/server/src/engine/attack/stix/build-index.js';
import { downloadText } from '../out/server/src/engine/attack/download/download.js';
import { INDEX_FORMAT_VERSION, RELATION_KEYS } from '../out/server/src/engine/attack/store/index-format.js';
import { parseJson } from '../out/server/src/engine/attack/stix/bundle-reader.js';
import { writeIndexDir } from '../out/server/src/engine/attack/store/index-store.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = process.env.HUNTCARD_SHARED_ATTACK ?? path.resolve(root, '..', 'shared', 'attack');
const outDir = path.join(root, 'data', 'attack');
const RELEASE = '18.1';
const DOMAINS = ['enterprise-attack', 'mobile-attack'];
const mitreUrl = (domain) => `https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/${domain}/${domain}-${RELEASE}.json`;

const NOTICE = `# ATT&CK data

The folders here hold an index built from MITRE ATT&CK® STIX bundles
(release ${RELEASE}).

© The MITRE Corporation. ATT&CK® is a registered trademark of The MITRE
Corporation. This data is reproduced and distributed under the ATT&CK Terms of
Use (https://attack.mitre.org/resources/legal-and-branding/terms-of-use/), which
require this notice to be kept with the data.
`;

async function main() {
  await fs.mkdir(outDir, { recursive: true });
  await fs.writeFile(path.join(outDir, 'NOTICE.md'), NOTICE);
  for (const domain of DOMAINS) {
    const file = path.join(sharedDir, `${domain}-${RELEASE}.json`);
    const target = path.join(outDir, domain);
    const stampFile = path.join(target, 'stamp.json');
    const local = existsSync(file);
    const stamp = JSON.stringify({
      source: local ? `${domain}-${RELEASE}.json` : mitreUrl(domain),
      size: local ? statSync(file).size : undefined,
      mtime: local ? statSync(file).mtimeMs : undefined,
      formatVersion: INDEX_FORMAT_VERSION,
      // A section added within a format (mitigations) rebuilds the snapshot too.
      relations: RELATION_KEYS,
    });
    if (existsSync(stampFile) && (await fs.readFile(stampFile, 'utf8')) === stamp) {
      console.log(`snapshot: ${domain} is up to date`);
      continue;
    }
    const started = Date.now();
    let text;
    let source;
    if (local) {
      text = await fs.readFile(file, 'utf8');
      source = `${domain}-${RELEASE}.json`;
    } else {
      console.log(`snapshot: ${file} not found; downloading ${mitreUrl(domain)}`);
      text = await downloadText(mitreUrl(domain));
      source = mitreUrl(domain);
    }
    const built = buildIndex(parseJson(text, source), source);
    if (built.index.meta.version === 'unknown') built.index.meta.version = RELEASE;
    await writeIndexDir(target, built);
    await fs.writeFile(stampFile, stamp);
    console.log(`snapshot: ${domain} v${built.index.meta.version}, ${built.index.meta.counts.techniques} techniques (${Date.now() - started} ms)`);
  }
}

main().catch((error) => {
  console.error(`snapshot: ${error.message}${error.hint ? `\n${error.hint}` : ''}`);
  process.exit(1);
});
