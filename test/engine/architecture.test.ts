// docs/architecture.md states the invariants below; this test reads the import
// graph of server/src and client/src (static imports, re-exports and dynamic
// import()s) and fails when one is broken.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_RULES, COLLECTION_RULES, RULES } from '../../server/src/engine/rules/registry.js';
import { REPO } from '../helpers/paths.js';
import { findRegexLiterals } from '../reliability/regex-scan.js';

interface Edge {
  from: string;
  /** The repo-relative file it resolves to, or the package name. */
  to: string;
  typeOnly: boolean;
}

const SOURCE_ROOTS = ['server/src', 'client/src'];

function sources(dir: string): string[] {
  return readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

function imports(file: string): Edge[] {
  const text = readFileSync(path.join(REPO, file), 'utf8');
  const edges: Edge[] = [];
  const statements = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(statements)) {
    const spec = m[3] ?? m[4]!;
    const typeOnly = m[2] !== undefined || (m[1] === 'import' && /^\s*import\s+type\b/.test(m[0].trimStart()));
    const to = spec.startsWith('.') ? path.normalize(path.join(path.dirname(file), spec)).replace(/\.js$/, '.ts') : spec;
    edges.push({ from: file, to, typeOnly });
  }
  return edges;
}

const ALL = SOURCE_ROOTS.flatMap(sources);
const EDGES = ALL.flatMap(imports);
const under = (dir: string) => (file: string) => file.startsWith(`${dir}/`);
const isEngine = under('server/src/engine');
const isFront = (f: string) => under('server/src/cli')(f) || under('server/src/lsp')(f);
const isClient = under('client/src');
const EDITOR_PACKAGES = /^(vscode|vscode-languageserver|vscode-languageserver-textdocument|vscode-languageclient|vscode-languageserver-protocol|vscode-jsonrpc)(\/|$)/;

describe('architecture: the invariants of docs/architecture.md hold in the import graph', () => {
  it('the graph was read (sanity)', () => {
    assert.ok(ALL.length > 100 && EDGES.length > 300, `${ALL.length} files, ${EDGES.length} imports`);
  });

  it('the engine imports no front: not the CLI, the language server or the client, and no editor or LSP package', () => {
    const bad = EDGES.filter((e) => isEngine(e.from) && (isFront(e.to) || isClient(e.to) || EDITOR_PACKAGES.test(e.to)));
    assert.deepEqual(
      bad.map((e) => `${e.from} → ${e.to}`),
      [],
    );
  });

  it('the CLI and the language server reach the engine only through its face, engine/index.ts', () => {
    const bad = EDGES.filter((e) => isFront(e.from) && isEngine(e.to) && e.to !== 'server/src/engine/index.ts');
    assert.deepEqual(
      bad.map((e) => `${e.from} → ${e.to}`),
      [],
    );
  });

  it('the VS Code client talks to the server through the protocol module only (and loads the downloader as a bundle of its own)', () => {
    const allowed = new Set(['server/src/protocol.ts']);
    const bad = EDGES.filter(
      (e) => isClient(e.from) && e.to.startsWith('server/') && !allowed.has(e.to) && !(e.from === 'client/src/update-entry.ts' && e.to === 'server/src/engine/attack/download/update-dataset.ts'),
    );
    assert.deepEqual(
      bad.map((e) => `${e.from} → ${e.to}`),
      [],
    );
  });

  it('the protocol module is plain data: it imports nothing', () => {
    assert.deepEqual(
      EDGES.filter((e) => e.from === 'server/src/protocol.ts').map((e) => e.to),
      [],
    );
  });

  it('one recogniser: whether a text is a card is decided in card/recognise.ts, and every reader asks it', () => {
    const titlePatterns = [...findRegexLiterals(path.join(REPO, 'server', 'src')), ...findRegexLiterals(path.join(REPO, 'client', 'src'))].filter(
      (r) => r.source.includes('#') && /T\\d\{4\}/.test(r.source),
    );
    assert.deepEqual(
      titlePatterns.map((r) => r.file).filter((f) => f !== path.join('engine', 'card', 'recognise.ts')),
      [],
      'a title pattern outside the recogniser',
    );
    for (const reader of ['server/src/engine/card/parse-card.ts', 'server/src/engine/coverage/card-summary.ts', 'server/src/engine/engine.ts']) {
      assert.ok(
        EDGES.some((e) => e.from === reader && e.to === 'server/src/engine/card/recognise.ts'),
        `${reader} asks the recogniser`,
      );
    }
  });

  it('one registry: every rule module is in it once, and config, SARIF and the rules index read it', () => {
    const modules = sources('server/src/engine/rules/all').concat(sources('server/src/engine/rules/collection'));
    const registered = new Set(EDGES.filter((e) => e.from === 'server/src/engine/rules/registry.ts').map((e) => e.to));
    assert.deepEqual(
      modules.filter((m) => !registered.has(m)),
      [],
      'rule modules missing from the registry',
    );
    const ids = ALL_RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'rule IDs are unique');
    assert.equal(ALL_RULES.length, RULES.length + COLLECTION_RULES.length);
    for (const reader of ['server/src/engine/config/config.ts', 'server/src/cli/report/sarif.ts']) {
      const text = readFileSync(path.join(REPO, reader), 'utf8');
      assert.match(text, /ALL_RULES|RULE_IDS/, `${reader} reads the registry`);
    }
  });

  it('fix all is chosen once (only fix/fix-all.ts picks the fixes that apply unattended), and the modules that rewrite files are the known ones', () => {
    const all = SOURCE_ROOTS.flatMap((r) => sources(r));
    const choosers = all.filter((f) => /\.find\(\(\w+\) => \w+\.preferred\)/.test(readFileSync(path.join(REPO, f), 'utf8')));
    assert.deepEqual(choosers, ['server/src/engine/fix/fix-all.ts']);
    // Every module that rewrites files, listed: a new one is a decision, made here.
    const writers = new Set(EDGES.filter((e) => e.to === 'server/src/engine/fs/atomic-write.ts' || e.to === 'server/src/engine/fs/rewrite-lines.ts').map((e) => e.from));
    assert.deepEqual([...writers].sort(), [
      'server/src/engine/attack/download/update-dataset.ts', // the cache's download record
      'server/src/engine/attack/store/index-store.ts', // the index it builds
      'server/src/engine/fix/fix-file.ts', // the lines a fix names
      'server/src/engine/fs/write-card.ts', // a new card (new --force)
      'server/src/engine/fs/write-output.ts', // -o outputs
      'server/src/engine/migrate/migrate-file.ts', // a card migrated to a release (zone, move, the revoked ID's mentions)
      'server/src/engine/refresh/refresh-file.ts', // the ATT&CK zone
      'server/src/engine/setup/init-repo.ts', // a markdownlint config it merges into
    ]);
  });
});

describe('npm test runs every test', () => {
  it('the globs of npm test (a parallel run, then the VS Code one) name every folder of test files', () => {
    const script = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: { test: string } }).scripts.test;
    const folders = new Set(
      sources('test')
        .filter((f) => f.endsWith('.test.ts') && !f.startsWith(path.join('test', 'vscode')))
        .map((f) => f.split(path.sep)[1]!),
    );
    const named = new Set([...(/\{([^}]+)\}/.exec(script)?.[1]?.split(',') ?? []), ...[...script.matchAll(/out\/test\/(\w+)\/[\w.]+\.test\.js/g)].map((m) => m[1]!)]);
    assert.deepEqual(
      [...folders].filter((f) => !named.has(f)),
      [],
      script,
    );
  });
});
