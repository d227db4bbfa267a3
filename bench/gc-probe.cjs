// Preloaded into the language server by bench/workspace-scan.mjs (node --expose-gc
// -r): on SIGUSR2 it collects garbage and prints the memory in use, so the bench
// can tell what the server holds from garbage not yet collected.
process.on('SIGUSR2', () => {
  global.gc();
  process.stderr.write(`HEAP ${JSON.stringify(process.memoryUsage())}\n`);
});
