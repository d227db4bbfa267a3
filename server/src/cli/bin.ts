#!/usr/bin/env node
import { installProcessGuards } from '../process-guards.js';

installProcessGuards('huntcard');
const { runCli } = await import('./main.js');
process.exitCode = await runCli(process.argv.slice(2));
