#!/usr/bin/env node
import { enableCompileCache } from '../compile-cache.js';

enableCompileCache();
await import('./start.js');
