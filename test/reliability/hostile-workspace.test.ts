// Issue 11: a cloned repository (or a dataset) can do no harm. Real binaries,
// real files, real special files, a real server over stdio and a real HTTP
// server on 127.0.0.1 that counts what is asked of it.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { icsBundle } from '../fixtures/ics-bundle.js';
import { filledCard } from '../helpers/cards.js';
import { huntcard } from '../helpers/cli.js';
import { loopbackServer } from '../helpers/http-server.js';
import { startClient } from '../helpers/lsp-client.js';
import { BUNDLES } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const isRoot = process.getuid?.() === 0;
const mkfifo = (file: string) => execFileSync('mkfifo', [file]);
const NO_STACK = /\n\s+at [\w.<]+ \(|\n\s+at file:/;

describe('reliability: a hostile dataset cannot break a card', function () {
  this.timeout(60000);
  const dir = tempDir();

  it('only http(s) reference links, and an unclosed <!--, fence, section heading or pull-date line in a description are contained', async () => {
    const bundle = icsBundle() as { objects: Array<Record<string, unknown>> };
    const technique = bundle.objects.find((o) => o.type === 'attack-pattern' && JSON.stringify(o.external_references).includes('"T0800"'))!;
    technique.description = `${String(technique.description)} \u001b]0;pwned\u0007\n\n## Metadata\n\n*Last pulled from Mitre on: 1 January 2020*\n\n\`\`\`\nunclosed fence\n\n<!-- unclosed comment`;
    (technique.external_references as Array<Record<string, unknown>>).push({ source_name: 'evil', url: 'javascript:alert(1)', description: 'click me' });
    writeFileSync(path.join(dir, 'hostile.json'), JSON.stringify(bundle));
    const made = await huntcard(['new', 'T0800', '--dataset', 'hostile.json', '--author', 'x', '-o', 'T0800.md'], { cwd: dir });
    assert.equal(made.code, 0, made.stderr);
    const card = readFileSync(path.join(dir, 'T0800.md'), 'utf8');
    assert.doesNotMatch(card, /\]\(javascript:/, 'no javascript: link');
    assert.doesNotMatch(card, /[\u001b\u0007]/, 'no control characters');
    assert.match(card, /^ {2}\* Evil, click me$/m, 'the reference is kept as text');
    const check = await huntcard(['check', 'T0800.md', '--dataset', 'hostile.json'], { cwd: dir });
    assert.match(check.stdout, /1 card checked, 0 files skipped/, check.stdout);
    assert.doesNotMatch(check.stdout, /missing-section|attack-zone-boundary|duplicate-section/, check.stdout);
    const refresh = await huntcard(['refresh', 'T0800.md', '--dataset', 'hostile.json'], { cwd: dir });
    assert.equal(refresh.code, 0, refresh.stderr);
    assert.match(refresh.stdout, /1 card, 0 refreshed, 1 already up to date/);
  });
});

describe('reliability: special files in a repository never hang or crash a command', function () {
  this.timeout(60000);
  const dir = tempDir();

  const repo = (name: string, setup: (root: string) => void) => {
    const root = path.join(dir, name);
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'T1059.001.md'), filledCard());
    setup(root);
    return root;
  };

  const cases: Array<[string, (root: string) => void, RegExp]> = [
    ['a .gitignore that is a FIFO', (r) => mkfifo(path.join(r, '.gitignore')), /\.gitignore is a named pipe \(FIFO\), not a regular file/],
    ['a .gitignore linked to /dev/zero', (r) => symlinkSync('/dev/zero', path.join(r, '.gitignore')), /\.gitignore is a character device, not a regular file/],
    ['a .gitignore that is a folder', (r) => mkdirSync(path.join(r, '.gitignore')), /\.gitignore is a folder/],
    ['a .huntcard.json that is a FIFO', (r) => mkfifo(path.join(r, '.huntcard.json')), /\.huntcard\.json is a named pipe \(FIFO\), not a regular file/],
    ['a .huntcard.json linked to /dev/zero', (r) => symlinkSync('/dev/zero', path.join(r, '.huntcard.json')), /\.huntcard\.json is a character device/],
    ['a config whose dataset is /dev/zero', (r) => writeFileSync(path.join(r, '.huntcard.json'), '{"dataset": "/dev/zero"}'), /\/dev\/zero is a character device/],
    ['a config whose dataset is a FIFO', (r) => (mkfifo(path.join(r, 'data.json')), writeFileSync(path.join(r, '.huntcard.json'), '{"dataset": "data.json"}')), /data\.json is a named pipe/],
    // Found by a new user's run: special files met by the walk, not only named ones.
    [
      'a FIFO named like a card inside the folder',
      (r) => (mkdirSync(path.join(r, 'cards')), mkfifo(path.join(r, 'cards', 'T1003.md'))),
      /cards\/T1003\.md is a named pipe \(FIFO\), not a regular file; it was not checked/,
    ],
  ];
  for (const [name, setup, message] of cases) {
    it(`check with ${name}: a message naming the file, exit 2, no hang, no stack trace`, async () => {
      const root = repo(name.replace(/\W+/g, '-'), setup);
      const r = await huntcard(['check', root]);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, NO_STACK);
    });
  }

  it('a card that is a FIFO, or a link to /dev/zero, named directly: refused by check, refresh and coverage', async () => {
    const root = repo('special-cards', (r) => {
      mkfifo(path.join(r, 'fifo.md'));
      symlinkSync('/dev/zero', path.join(r, 'zero.md'));
    });
    for (const command of [['check'], ['refresh'], ['coverage', '--format', 'csv']]) {
      const r = await huntcard([...command, path.join(root, 'fifo.md'), path.join(root, 'zero.md'), path.join(root, 'T1059.001.md')]);
      assert.equal(r.code, 2, `${command[0]}: ${r.stderr}`);
      assert.match(r.stderr, /fifo\.md is a named pipe \(FIFO\), not a regular file/);
      assert.match(r.stderr, /zero\.md is a character device, not a regular file/);
      assert.doesNotMatch(r.stderr, NO_STACK);
    }
  });

  it('the language server keeps answering in a workspace full of special files', async () => {
    const root = repo('server', (r) => {
      symlinkSync('/dev/zero', path.join(r, '.gitignore'));
      mkfifo(path.join(r, '.huntcard.json'));
      mkfifo(path.join(r, 'fifo.md'));
      symlinkSync('/dev/zero', path.join(r, 'zero.md'));
    });
    const client = await startClient({ workspace: root });
    try {
      const uri = pathToFileURL(path.join(root, 'T1059.001.md')).href;
      const published = client.diagnostics(uri);
      await client.open(uri, filledCard());
      const { diagnostics } = await published;
      assert.deepEqual(
        diagnostics.map((d: Diagnostic) => d.code),
        [],
        'the card is checked (the FIFO config is refused, not waited on)',
      );
      const symbols = (await client.connection.sendRequest('workspace/symbol', { query: 'T10' })) as Array<{ name: string }>;
      assert.deepEqual(
        symbols.map((s) => s.name),
        ['T1059.001 PowerShell'],
      );
      const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 4 } });
      assert.ok(hover, 'still answering');
      assert.ok(
        client.logs.some((l) => /\.huntcard\.json is a named pipe/.test(l)),
        client.logs.join('\n'),
      );
    } finally {
      await client.close();
    }
  });
});

describe("reliability: a repository's config cannot make a command download, nor an untrusted workspace choose the data", function () {
  this.timeout(60000);
  const dir = tempDir();
  let server: Awaited<ReturnType<typeof loopbackServer>>;
  const bundle = () => readFileSync(BUNDLES.mobile18);
  before(async () => {
    server = await loopbackServer((req, res) => {
      if (req.url === '/fail.json') {
        res.writeHead(500).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(bundle());
    });
  });
  after(() => server.close());

  const workspace = (name: string, url: string) => {
    const root = path.join(dir, name);
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, '.huntcard.json'), JSON.stringify({ dataset: url }));
    writeFileSync(path.join(root, 'T1059.001.md'), filledCard());
    return root;
  };

  it('CLI: a config naming a dataset URL is refused unless --allow-config-url, and nothing is downloaded', async () => {
    const root = workspace('cli', server.url('/cli.json'));
    const before = server.requests.length;
    const r = await huntcard(['check', root]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /sets "dataset" to a URL .*does not download what a repository's config names/);
    assert.match(r.stderr, /--allow-config-url/);
    assert.equal(server.requests.length, before, 'no request reached the server');
    const allowed = await huntcard(['check', root, '--allow-config-url']);
    assert.ok(server.requests.length > before, 'asked for, it downloads');
    assert.match(allowed.stderr + allowed.stdout, /1 card checked|T1059\.001 is not a technique/);
  });

  for (const [trust, options] of [
    ['untrusted', { workspaceTrusted: false }],
    ['of unknown trust (an editor without workspace trust)', undefined],
  ] as const) {
    it(`server, ${trust} workspace: the config's dataset URL is never fetched and the card is still checked`, async () => {
      const root = workspace(`lsp-${trust.split(' ')[0]}`, server.url('/lsp.json'));
      const before = server.requests.length;
      const client = await startClient({ workspace: root, ...(options ? { initializationOptions: options } : {}) });
      try {
        const uri = pathToFileURL(path.join(root, 'T1059.001.md')).href;
        const published = client.diagnostics(uri);
        await client.open(uri, filledCard());
        assert.deepEqual((await published).diagnostics, [], 'checked with the default data');
        for (let i = 0; i < 5; i++) await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 4 } });
        assert.equal(server.requests.length, before, 'no request reached the server');
        assert.ok(
          client.logs.some((l) => /Ignoring .*dataset/.test(l)),
          client.logs.join('\n'),
        );
      } finally {
        await client.close();
      }
    });
  }

  it('server, trusted workspace: a dataset that fails to load is tried once, not per request, and the card falls back to the default data', async () => {
    const root = workspace('lsp-trusted', server.url('/fail.json'));
    const before = server.requests.length;
    const client = await startClient({ workspace: root, initializationOptions: { workspaceTrusted: true } });
    try {
      const uri = pathToFileURL(path.join(root, 'T1059.001.md')).href;
      const published = client.diagnostics(uri);
      await client.open(uri, filledCard());
      assert.deepEqual((await published).diagnostics, []);
      for (let i = 0; i < 10; i++) await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 4 } });
      const asked = server.requests.length - before;
      // One load: the first try and the downloader's own retries of a 500 (3), never one per request.
      assert.ok(asked >= 1 && asked <= 4, `${asked} requests`);
      assert.ok(client.logs.some((l) => /Using the default ATT&CK data instead/.test(l)));
      assert.doesNotMatch(client.stderr(), /internal error|ignored a failure/, 'the server neither crashed nor dropped a promise');
    } finally {
      await client.close();
    }
  });
});

describe('reliability: what a command prints cannot drive the terminal', function () {
  this.timeout(60000);
  const dir = tempDir();

  it('escape sequences and line breaks in file names and card text are shown escaped, one record per line', async () => {
    const name = 'evil\u001b]0;pwned\u0007\u001b[2J\nfake.md:1:1 error x.md';
    writeFileSync(path.join(dir, name), filledCard().replace('**Validated:** NO', '**Validated:** \u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007'));
    for (const args of [
      ['check', '.'],
      ['refresh', '--check', '.'],
      ['coverage', '--format', 'csv', '.'],
    ]) {
      const r = await huntcard(args, { cwd: dir });
      for (const [stream, text] of [
        ['stdout', r.stdout],
        ['stderr', r.stderr],
      ] as const) {
        assert.doesNotMatch(text, /[\u001b\u0007\u009b]/, `${args[0]} ${stream} carries no raw escape`);
      }
      if (args[0] === 'check') {
        const records = r.stdout.split('\n').filter((l) => l.includes('invalid-validated'));
        assert.equal(records.length, 1, r.stdout);
        assert.match(records[0]!, /^evil\\x1b\]0;pwned\\x07\\x1b\[2J\\nfake\.md:1:1 error x\.md:\d+:\d+ warning invalid-validated /);
      }
    }
  });
});

describe('reliability: writing a report or a card never replaces what is at the path', function () {
  this.timeout(60000);
  const dir = tempDir();
  before(() => {
    mkdirSync(path.join(dir, 'cards'));
    writeFileSync(path.join(dir, 'cards', 'T1059.001.md'), filledCard());
  });

  it("coverage -o through a symbolic link writes the link's target and keeps the link", async () => {
    writeFileSync(path.join(dir, 'target.json'), 'old');
    symlinkSync('target.json', path.join(dir, 'link.json'));
    const r = await huntcard(['coverage', 'cards', '-o', 'link.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(lstatSync(path.join(dir, 'link.json')).isSymbolicLink());
    assert.equal(readlinkSync(path.join(dir, 'link.json')), 'target.json');
    assert.equal(JSON.parse(readFileSync(path.join(dir, 'target.json'), 'utf8')).domain, 'enterprise-attack');
  });

  it('coverage -o and migrate -o onto a hunt card (a mistyped name) are refused, and the card is kept', async () => {
    // Found by a new user: a report replaced the card it was named after.
    const card = path.join(dir, 'cards', 'T1059.001.md');
    const before = readFileSync(card);
    for (const args of [
      ['coverage', 'cards', '-o', 'cards/T1059.001.md'],
      ['migrate', 'cards', '--dataset', BUNDLES.enterprise18, '-o', 'cards/T1059.001.md'],
    ]) {
      const r = await huntcard(args, { cwd: dir });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /cards\/T1059\.001\.md is a hunt card; a report is never written over one/);
      assert.ok(readFileSync(card).equals(before), `${args[0]} kept the card`);
    }
    // A card the recogniser does not take (a multi-line comment above its title) is no report's either; and
    // migrate --apply refuses the path before it migrates anything (found by a new user: the review was lost).
    const commented = path.join(dir, 'cards', 'commented.md');
    writeFileSync(commented, `<!--\n  Owner: Team Blue\n-->\n${filledCard()}`);
    const kept = readFileSync(commented);
    assert.equal((await huntcard(['coverage', 'cards', '-o', 'cards/commented.md'], { cwd: dir })).code, 2);
    assert.ok(readFileSync(commented).equals(kept));
    const apply = await huntcard(['migrate', 'cards', '--dataset', BUNDLES.enterprise18, '--apply', '-o', 'cards/T1059.001.md'], { cwd: dir });
    assert.equal(apply.code, 2, apply.stderr);
    assert.doesNotMatch(apply.stderr, /migrated/);
    assert.ok(readFileSync(card).equals(before), 'nothing migrated, nothing written');
    // A report over a report is fine (CI writes the same file every run).
    writeFileSync(path.join(dir, 'old-report.md'), '# Old report\n');
    assert.equal((await huntcard(['coverage', 'cards', '-o', 'old-report.md'], { cwd: dir })).code, 0);
  });

  it('coverage -o to a FIFO writes into the pipe and leaves it a pipe', async () => {
    const fifo = path.join(dir, 'pipe.json');
    mkfifo(fifo);
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.on('data', (d: Buffer) => (read += d.toString()));
    const done = new Promise((resolve) => reader.on('close', resolve));
    const r = await huntcard(['coverage', 'cards', '--format', 'csv', '-o', 'pipe.json'], { cwd: dir });
    await done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(read, /^technique,/);
    assert.ok(statSync(fifo).isFIFO());
  });

  it('coverage -o to a device node writes to the device and leaves it a device', async () => {
    // As root (CI) a fresh null device of our own; otherwise /dev/null itself, which a non-root rename could not replace anyway.
    const device = isRoot ? path.join(dir, 'null-device') : '/dev/null';
    if (isRoot) execFileSync('mknod', [device, 'c', '1', '3']);
    const r = await huntcard(['coverage', 'cards', '-o', device], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(statSync(device).isCharacterDevice(), 'still a character device');
  });

  it('new --force -o through a link writes the target; new --force --out-dir refuses a link planted to a file outside', async () => {
    writeFileSync(path.join(dir, 'real-card.md'), 'old');
    symlinkSync('real-card.md', path.join(dir, 'card-link.md'));
    const r = await huntcard(['new', 'T1003', '--force', '-o', 'card-link.md'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(lstatSync(path.join(dir, 'card-link.md')).isSymbolicLink());
    assert.match(readFileSync(path.join(dir, 'real-card.md'), 'utf8'), /^# T1003 OS Credential Dumping/);

    mkdirSync(path.join(dir, 'out'));
    writeFileSync(path.join(dir, 'precious.txt'), 'keep me');
    symlinkSync(path.join(dir, 'precious.txt'), path.join(dir, 'out', 'T1003.md'));
    const planted = await huntcard(['new', 'T1003', 'T1059.001', '--force', '--out-dir', 'out'], { cwd: dir });
    assert.equal(planted.code, 2);
    assert.match(planted.stderr, /leads through a symbolic link to .*precious\.txt, outside out/);
    assert.equal(readFileSync(path.join(dir, 'precious.txt'), 'utf8'), 'keep me');
  });
});
