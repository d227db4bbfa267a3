// Benchmark row: VS Code, opening the first card in a fresh window to its first
// diagnostics. It is measured by the extension-host suite on every `npm test`
// (test/vscode/suite, in code-server); the peer, measured in the same window
// just before, is VS Code opening and showing a plain text file. Starting a
// code-server just for this would take minutes, so this prints the last run's
// numbers with their date.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const METRICS = path.join(root, 'out', 'e2e-metrics.json');

export function runVscodeLatencyBench() {
  console.log('VS Code (code-server, the extension-host suite of the last npm test):');
  if (!existsSync(METRICS)) {
    console.log('  not measured in this checkout yet: npm test records it (out/e2e-metrics.json)');
    return;
  }
  const m = JSON.parse(readFileSync(METRICS, 'utf8'));
  console.log(
    `  first card opened -> its first diagnostics  ${m.firstDiagnosticsMs} ms (extension active at ${m.activatedMs} ms, its server ready at ${m.serverReadyMs} ms); peer: opening a plain text file ${m.peerMs} ms; ratio ${(m.firstDiagnosticsMs / Math.max(1, m.peerMs)).toFixed(1)} (target <= 1,500 ms beyond the extension host's own start; recorded ${m.at})`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) runVscodeLatencyBench();
