/**
 * A file shipped beside the bins (a worker's entry), found from a module's own
 * URL: beside it when run from the compiled sources, one folder up when the
 * bundler put the module in dist/chunks/.
 */
export function besideBins(name: string, moduleUrl: string): URL {
  const here = new URL('.', moduleUrl);
  return here.pathname.endsWith('/chunks/') ? new URL(`../${name}`, here) : new URL(`./${name}`, here);
}
