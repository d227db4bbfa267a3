import module from 'node:module';

/**
 * Lets V8 keep the compiled code of the bundles between runs (Node 22.1 and
 * later, in Node's own cache folder under the temp directory; older Node, or a
 * cache it cannot write, simply compiles as before). Every editor window starts
 * the language server, and every CI step starts the CLI: this is most of what
 * they load. Must run before the bundles are imported.
 */
export function enableCompileCache(): void {
  try {
    (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  } catch {
    // Never a reason not to start.
  }
}
