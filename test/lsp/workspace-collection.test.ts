// The workspace collection's wait must end: a server that loops on a settled scan
// starves its own event loop, so it no longer reads stdin and outlives its editor
// at full CPU (found as an orphaned server process after a test run).
import assert from 'node:assert/strict';
import type { Engine } from '../../server/src/engine/index.js';
import { WorkspaceCollection } from '../../server/src/lsp/workspace-collection.js';

const within = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);

describe('language server: waiting for the workspace collection', () => {
  const engine = { collection: async () => ({ summaries: [], report: { findings: [] } }) } as unknown as Engine;

  it('ends when the workspace has no folder (a scan that never waits)', async () => {
    const collection = new WorkspaceCollection(
      engine,
      () => [],
      () => {},
      () => {},
    );
    await within(collection.current(), 2000);
    assert.deepEqual(await within(collection.symbols(''), 2000), []);
  });

  it('ends when a scan has settled but is still marked as under way', async () => {
    const collection = new WorkspaceCollection(
      engine,
      () => ['/nonexistent-folder'],
      () => {},
      () => {},
    );
    await collection.current();
    (collection as unknown as { scanning: Promise<void> }).scanning = Promise.resolve();
    await within(collection.current(), 2000);
  });

  it('waits for a scan queued behind the one under way', async () => {
    let scans = 0;
    const slow = { collection: async () => (scans++, await new Promise((r) => setTimeout(r, 50)), { summaries: [], report: { findings: [] } }) } as unknown as Engine;
    const collection = new WorkspaceCollection(
      slow,
      () => ['/x'],
      () => {},
      () => {},
    );
    collection.invalidate();
    collection.invalidate(); // queued
    await within(collection.current(), 2000);
    assert.equal(scans, 2);
  });
});
