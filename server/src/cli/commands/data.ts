import { InvalidArgumentError, Option, type Command } from 'commander';
import { type ActorKind, type Dataset, type Domain, listActors, loadUpdater, textTable } from '../../engine/index.js';
import { CliError, EXIT } from '../exit-codes.js';
import { plural, safeJson, terminalText } from '../terminal.js';
import { addDatasetOptions, type EngineFlags, engineFor, parseDomain } from '../dataset-options.js';
import type { Io } from '../io.js';

interface InfoFlags extends EngineFlags {
  json?: boolean;
}

interface ActorsFlags extends InfoFlags {
  kind?: ActorKind;
}

export function registerData(program: Command, io: Io): Command {
  const data = program.command('data').description('the ATT&CK data in use');
  addDatasetOptions(data.command('info').description('print the datasets in use: domain, ATT&CK version, source, date').option('--json', 'machine-readable output')).action(
    async (flags: InfoFlags) => {
      const catalog = await engineFor(flags, io.warn).catalog();
      // With --domain, that domain's data (the others are loaded too, for cards of theirs, but not asked about).
      const datasets = flags.domain ? catalog.datasets.filter((d) => d.meta.domain === flags.domain) : catalog.datasets;
      if (flags.json) {
        io.out(`${JSON.stringify({ datasets: datasets.map((d) => d.meta), notes: catalog.notes }, null, 2)}\n`);
        return;
      }
      io.out(datasets.map(describeDataset).join('\n'));
    },
  );
  addDatasetOptions(
    data
      .command('actors')
      .description('list the groups, campaigns and software of the data (for coverage --actor): ID, name, aliases, techniques used')
      .argument('[query]', 'only those whose ID, name or an alias contains this (any case)')
      .addOption(new Option('--kind <kind>', 'only groups, campaigns or software').choices(['group', 'campaign', 'software']))
      .option('--json', 'machine-readable output'),
  ).action(async (query: string | undefined, flags: ActorsFlags) => {
    const catalog = await engineFor(flags, io.warn).catalog();
    const dataset = flags.domain ? catalog.forDomain(flags.domain) : catalog.primary;
    if (!dataset) throw new CliError(`No ${flags.domain} data is loaded.`);
    const actors = listActors(dataset, { ...(query ? { query } : {}), ...(flags.kind ? { kind: flags.kind } : {}) });
    if (flags.json) {
      io.out(safeJson({ dataset: dataset.label, actors }) + '\n');
      return;
    }
    if (actors.length === 0) {
      io.warn(`Nothing in ${dataset.label} matches "${query ?? ''}".`);
      io.exitCode = EXIT.findings;
      return;
    }
    const rows = actors.map((a) => [a.id, a.kind, a.name, String(a.techniques), a.aliases.join(', ')]);
    const header = ['ID', 'Kind', 'Name', 'Techniques', 'Aliases'];
    io.out(terminalText([`${plural(actors.length, 'actor')} of ${dataset.label}:`, ...textTable(header, rows, new Set([3])), ''].join('\n')));
  });
  data
    .command('update')
    .description("download MITRE's official STIX 2.1 bundle, validate it and swap it into the cache (the previous copy is kept)")
    .addOption(new Option('--domain <domain>', 'enterprise, mobile or ics').argParser(parseDomain).default('enterprise-attack', 'enterprise'))
    .option('--version <release>', 'pin an ATT&CK release, e.g. 18.1 (default: the latest)')
    .option('--url <url>', 'download this bundle URL instead of the official one')
    .option('--cache-dir <dir>', 'folder of downloaded datasets (default: the user cache directory)')
    .option('--proxy <url>', 'HTTP(S) proxy (default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY)', parseProxy)
    .option('--timeout <seconds>', 'connect and idle timeout, 0.1 to 3600 (default 15 to connect, 30 idle)', (v) => numberIn(v, '--timeout', 0.1, 3600))
    .option('--retries <n>', 'retries after a failure that may pass (503, timeouts), 0 to 10 (default 3)', (v) => numberIn(v, '--retries', 0, 10, true))
    .option('--max-size <MB>', 'largest download accepted, 1 to 511 (default 511)', (v) => numberIn(v, '--max-size', 1, 511))
    .action(async (flags: UpdateFlags) => {
      const { updateDataset } = await loadUpdater();
      const progress = progressPrinter(io);
      const result = await updateDataset({
        domain: flags.domain,
        ...(flags.version ? { version: flags.version } : {}),
        ...(flags.url ? { url: flags.url } : {}),
        ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
        download: {
          onProgress: progress,
          ...(flags.proxy ? { proxy: flags.proxy } : {}),
          ...(flags.timeout !== undefined ? { connectTimeoutMs: flags.timeout * 1000, idleTimeoutMs: flags.timeout * 1000 } : {}),
          ...(flags.retries !== undefined ? { retries: flags.retries, backoffMs: 200 } : {}),
          ...(flags.maxSize !== undefined ? { maxBytes: Math.round(flags.maxSize * 1024 * 1024) } : {}),
        },
      });
      io.out(
        result.status === 'updated'
          ? `Updated ${result.domain} to ATT&CK v${result.version} from ${result.url}\n  stored in ${result.dir}\n`
          : `${result.domain} ATT&CK v${result.version} is already current (${result.url} not modified)\n`,
      );
    });
  return data;
}

interface UpdateFlags {
  domain: Domain;
  version?: string;
  url?: string;
  cacheDir?: string;
  proxy?: string;
  timeout?: number;
  retries?: number;
  maxSize?: number;
}

function numberIn(value: string, flag: string, min: number, max: number, whole = false): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n))) {
    throw new InvalidArgumentError(`${flag} needs a ${whole ? 'whole ' : ''}number from ${min} to ${max}`);
  }
  return n;
}

function parseProxy(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('give the proxy as a URL, e.g. http://proxy.example:3128');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('the proxy URL must start with http:// or https://');
  return value;
}

/** Download progress on stderr, at most every 5%, so logs stay readable. */
function progressPrinter(io: Io): (received: number, total: number | undefined) => void {
  let lastStep = -1;
  let lastMb = -1;
  return (received, total) => {
    const mb = received / 1024 / 1024;
    if (total) {
      const step = Math.floor((received / total) * 20);
      if (step === lastStep) return;
      lastStep = step;
      io.info(`downloading: ${mb.toFixed(1)} of ${(total / 1024 / 1024).toFixed(1)} MB (${step * 5}%)`);
    } else if (Math.floor(mb / 5) !== lastMb) {
      lastMb = Math.floor(mb / 5);
      io.info(`downloading: ${mb.toFixed(1)} MB`);
    }
  };
}

export function describeDataset(d: Dataset): string {
  const c = d.meta.counts;
  return [
    `${d.label}`,
    `  domain:   ${d.meta.domain}`,
    `  version:  ${d.meta.version}`,
    `  source:   ${d.meta.source}`,
    `  date:     ${d.meta.modified.slice(0, 10)} (newest object)`,
    `  contents: ${c.techniques} techniques (+${c.revoked} revoked, ${c.deprecated} deprecated), ${c.groups} groups, ${c.software} software, ${c.campaigns} campaigns`,
    '',
  ].join('\n');
}
