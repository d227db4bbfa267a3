import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO } from '../helpers/paths.js';

describe('grammar: the TextMate injection, with vscode-tmgrammar-test', () => {
  it('scopes IDs, citations, placeholders and queries as test/grammar/*.test.md asserts', function () {
    this.timeout(60000);
    const grammars = path.join(REPO, 'node_modules', 'tm-grammars', 'grammars');
    // The injection comes from package.json's contributes.grammars; Markdown and SQL are the hosts VS Code ships.
    const result = spawnSync(
      process.execPath,
      [path.join(REPO, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js'), '-g', path.join(grammars, 'markdown.json'), '-g', path.join(grammars, 'sql.json'), 'test/grammar/*.test.md'],
      { cwd: REPO, encoding: 'utf8' },
    );
    const report = result.stdout
      .split('\n')
      .filter((l) => !l.startsWith('grammar not found'))
      .join('\n');
    assert.equal(result.status, 0, report + result.stderr);
    assert.match(report, /card\.test\.md run successfu/);
  });
});
