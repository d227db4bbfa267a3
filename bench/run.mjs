// npm run bench: every benchmark, each a ratio against a named peer measured in the same run.
import { runCheckBench } from './check.mjs';
import { runCheckCacheBench } from './check-cache.mjs';
import { runCoverageBench } from './coverage.mjs';
import { runIndexLoadBench } from './index-load.mjs';
import { runLspBench } from './lsp.mjs';
import { runVscodeLatencyBench } from './vscode-latency.mjs';
import { runWorkspaceScanBench } from './workspace-scan.mjs';

runIndexLoadBench();
console.log();
runCheckBench();
console.log();
runCheckCacheBench();
console.log();
runCoverageBench();
console.log();
await runLspBench();
console.log();
await runWorkspaceScanBench();
console.log();
runVscodeLatencyBench();
