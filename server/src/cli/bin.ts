#!/usr/bin/env node
import { enableCompileCache } from '../compile-cache.js';
import { installProcessGuards } from '../process-guards.js';

enableCompileCache();
installProcessGuards('huntcard');
const { runCli } = await import('./main.js');
process.exitCode = await runCli(process.argv.slice(2));
