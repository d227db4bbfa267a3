/** The GitHub Actions workflow `huntcard init --ci github` writes: the repository's own action on every pull request. */
export function githubWorkflow(options: { action: string; paths: readonly string[]; domain: string }): string {
  return [
    '# Checks the hunt cards on every pull request (findings as code-scanning alerts and annotations)',
    '# and keeps the coverage layer and heatmap as an artifact. Written by `huntcard init`.',
    'name: Hunt cards',
    'on:',
    '  pull_request:',
    '  push:',
    '    branches: [main]',
    'permissions:',
    '  contents: read',
    '  security-events: write',
    'jobs:',
    '  huntcard:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    `      - uses: ${options.action}`,
    '        with:',
    `          paths: ${JSON.stringify(options.paths.join(' '))}`,
    `          domain: ${options.domain}`,
    '',
  ].join('\n');
}
