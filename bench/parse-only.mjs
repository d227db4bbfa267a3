// The peer for `huntcard check`: read every Markdown file of a folder and parse it
// with the same parser check uses (unified + remark-parse + remark-gfm), nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkGfm);
const dir = process.argv[2];
let nodes = 0;
for (const name of readdirSync(dir)) {
  if (name.endsWith('.md')) nodes += processor.parse(readFileSync(path.join(dir, name), 'utf8')).children.length;
}
process.stdout.write(`${nodes}\n`);
