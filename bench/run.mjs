// npm run bench: every benchmark, each a ratio against a named peer measured in the same run.
import { runCheckBench } from './check.mjs';
import { runIndexLoadBench } from './index-load.mjs';

runIndexLoadBench();
console.log();
runCheckBench();
