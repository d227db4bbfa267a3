// Issue 14: the GitHub Action (action.yml). GitHub is not reachable here, so the
// test runs the action's own `run` steps as the runner would (bash -eo pipefail,
// inputs and step outputs substituted, GITHUB_OUTPUT files), with the packed
// huntcard installed by the action's install step, in a temporary repository.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import { filledCard, referenceCard } from '../helpers/cards.js';
import { REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);

interface Step {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = yaml.load(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as Action;

/** Runs the action's run steps in `workspace`; returns each step's exit code and outputs, and what it printed. */
async function runAction(workspace: string, inputs: Record<string, string>, prefix: string) {
  const values: Record<string, string> = { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ''])), ...inputs };
  const outputs: Record<string, Record<string, string>> = {};
  const expression = (text: string) =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
      const input = /^inputs\.([\w-]+)$/.exec(expr);
      if (input) return values[input[1]!] ?? '';
      const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
      if (output) return outputs[output[1]!]?.[output[2]!] ?? '';
      throw new Error(`the test does not know the expression \${{ ${expr} }}`);
    });
  const results: Array<{ name: string; code: number; stdout: string; stderr: string }> = [];
  for (const [i, step] of action.runs.steps.entries()) {
    if (step.uses) continue;
    assert.equal(step.shell, 'bash', `${step.name} runs in bash`);
    const outputFile = path.join(workspace, `.github-output-${i}`);
    writeFileSync(outputFile, '');
    const env = {
      ...process.env,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expression(v)])),
      GITHUB_OUTPUT: outputFile,
      npm_config_prefix: prefix,
      PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}`,
      HUNTCARD_CACHE_DIR: path.join(workspace, '.no-cache'),
    };
    let result: { code: number; stdout: string; stderr: string };
    try {
      const { stdout, stderr } = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expression(step.run!)], { cwd: workspace, env, maxBuffer: 64 * 1024 * 1024 });
      result = { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      result = { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
    results.push({ name: step.name, ...result });
    if (step.id)
      outputs[step.id] = Object.fromEntries(
        readFileSync(outputFile, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
      );
    if (result.code !== 0) break;
  }
  return { results, outputs };
}

describe('package: the GitHub Action, its steps run as the runner would', function () {
  this.timeout(240_000);
  const prefix = tempDir();
  let tarball = '';
  before(async () => {
    tarball = (await run(process.execPath, [path.join(REPO, 'scripts', 'pack-cli.mjs'), '--out', tempDir()], { cwd: REPO })).stdout.trim();
  });

  it('is a composite action whose uploads take the SARIF file and the coverage folder it writes', () => {
    assert.equal(action.runs.using, 'composite');
    const uses = action.runs.steps.filter((s) => s.uses);
    const artifact = uses.find((s) => s.uses!.startsWith('actions/upload-artifact@'));
    assert.equal(artifact?.with?.path, '${{ inputs.coverage-dir }}');
    assert.equal(artifact?.if, 'always()');
    const sarif = uses.find((s) => s.uses!.startsWith('github/codeql-action/upload-sarif@'));
    assert.equal(sarif?.with?.sarif_file, '${{ inputs.sarif-file }}');
    assert.match(sarif?.if ?? '', /inputs\.upload-sarif == 'true'/);
    assert.equal(action.runs.steps.at(-1)!.name, 'Fail on errors', 'the failure comes last, after both uploads');
  });

  it('a collection with errors: SARIF with https rule help, annotations, the coverage artifact, and the job fails', async () => {
    const repo = tempDir();
    mkdirSync(path.join(repo, 'cards'));
    writeFileSync(path.join(repo, 'cards', 'T1589.002.md'), referenceCard());
    writeFileSync(path.join(repo, 'cards', 'T1059.001.md'), filledCard());
    writeFileSync(path.join(repo, 'README.md'), '# Our hunts\n');
    const { results, outputs } = await runAction(repo, { paths: 'cards', 'huntcard-package': tarball }, prefix);
    assert.deepEqual(
      results.map((r) => [r.name, r.code]),
      [
        ['Install huntcard', 0],
        ['Check cards', 0],
        ['Coverage', 0],
        ['Fail on errors', 1],
      ],
      JSON.stringify(results.map((r) => r.stderr)),
    );
    const sarif = JSON.parse(readFileSync(path.join(repo, 'huntcard.sarif'), 'utf8')) as {
      runs: Array<{ results: Array<{ level: string }>; tool: { driver: { rules: Array<{ helpUri: string }> } } }>;
    };
    const errors = sarif.runs[0]!.results.filter((r) => r.level === 'error').length;
    assert.ok(errors > 0);
    assert.equal(outputs.check!.errors, String(errors));
    assert.ok(sarif.runs[0]!.tool.driver.rules.every((r) => r.helpUri.startsWith('https://')));
    assert.match(results[1]!.stdout, /^::error file=cards\/T1589\.002\.md,line=\d+/m, 'annotations for the pull request');
    for (const f of ['layer.json', 'heatmap.html', 'coverage.csv']) assert.ok(existsSync(path.join(repo, 'huntcard-coverage', f)), f);
    const layer = JSON.parse(readFileSync(path.join(repo, 'huntcard-coverage', 'layer.json'), 'utf8')) as { techniques: Array<{ techniqueID: string }> };
    assert.ok(layer.techniques.some((t) => t.techniqueID === 'T1059.001'));
    assert.match(results[3]!.stderr, new RegExp(`huntcard check found ${errors} error\\(s\\)`));
  });

  it('a clean collection passes every step; a duplicated card fails the job through coverage', async () => {
    const repo = tempDir();
    mkdirSync(path.join(repo, 'hunts'));
    writeFileSync(path.join(repo, 'hunts', 'T1059.001.md'), filledCard());
    const clean = await runAction(repo, { paths: 'hunts', 'huntcard-package': tarball, domain: 'enterprise' }, prefix);
    assert.deepEqual(
      clean.results.map((r) => r.code),
      [0, 0, 0, 0],
      JSON.stringify(clean.results.map((r) => r.stderr)),
    );
    writeFileSync(path.join(repo, 'hunts', 'copy.md'), filledCard());
    const duplicated = await runAction(repo, { paths: 'hunts', 'huntcard-package': tarball }, prefix);
    assert.deepEqual(
      duplicated.results.map((r) => r.code),
      [0, 0, 0, 1],
    );
    assert.match(duplicated.results[2]!.stderr, /duplicate-card/);
    assert.match(duplicated.results[3]!.stderr, /huntcard coverage found an error/);
  });
});
