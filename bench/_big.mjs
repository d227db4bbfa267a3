import { readFileSync } from 'node:fs';
const { createEngine } = await import('../out/server/src/engine/index.js');
const { DiskWorkspace } = await import('../out/server/src/engine/workspace/workspace.js');
const { parseMarkdown } = await import('../out/server/src/engine/card/parse-markdown.js');
const engine = createEngine({ workspace: new DiskWorkspace() });
const text = readFileSync('/work/shared/cards/T1589.002.md', 'utf8');
const block = text.slice(text.indexOf('#### Analytic 1'), text.indexOf('#### Analytic 2'));
let extra = '';
for (let n = 3; text.length + extra.length < 1024 * 1024; n++) extra += block.replace('Analytic 1', `Analytic ${n}`);
const big = `${text}\n${extra}`;
const f = '/tmp/x/T1589.002.md';
await engine.analyse(engine.parse(text, f), f);
for (let i = 0; i < 2; i++) {
  let t = performance.now(); parseMarkdown(big); const pm = performance.now() - t;
  t = performance.now(); const card = engine.parse(big, f); const pc = performance.now() - t;
  t = performance.now(); const a = await engine.analyse(card, f); const an = performance.now() - t;
  console.log(`parseMarkdown ${pm.toFixed(0)} parseCard ${pc.toFixed(0)} analyse ${an.toFixed(0)} findings ${a.findings.length}`);
}
console.log('rss', (process.memoryUsage().rss / 1048576).toFixed(0));
