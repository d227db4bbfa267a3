// The floor of any ATT&CK-zone fast path for `huntcard check`: parse only the
// author zone of each card (everything after the pull-date line) with the parser
// check uses. Hunters' text is their own, so no fast path can skip it on a first run.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkGfm);
const PULL_DATE_LINE = /\*Last pulled from Mitre on:[^\r\n]*(?:\r\n|\r|\n|$)/;
const dir = process.argv[2];
let nodes = 0;
for (const name of readdirSync(dir)) {
  if (!name.endsWith('.md')) continue;
  const text = readFileSync(path.join(dir, name), 'utf8');
  const line = PULL_DATE_LINE.exec(text);
  nodes += processor.parse(line ? text.slice(line.index + line[0].length) : text).children.length;
}
process.stdout.write(`${nodes}\n`);
