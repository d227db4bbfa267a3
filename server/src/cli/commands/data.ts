import type { Command } from 'commander';
import type { Dataset } from '../../engine/attack/dataset.js';
import { addDatasetOptions, catalogFor, type DatasetFlags } from '../dataset-options.js';
import type { Io } from '../io.js';

interface InfoFlags extends DatasetFlags {
  json?: boolean;
}

export function registerData(program: Command, io: Io): Command {
  const data = program.command('data').description('the ATT&CK data in use');
  addDatasetOptions(
    data
      .command('info')
      .description('print the datasets in use: domain, ATT&CK version, source, date')
      .option('--json', 'machine-readable output'),
  ).action(async (flags: InfoFlags) => {
    const catalog = await catalogFor(flags, io.warn);
    if (flags.json) {
      io.out(`${JSON.stringify({ datasets: catalog.datasets.map((d) => d.meta), notes: catalog.notes }, null, 2)}\n`);
      return;
    }
    io.out(catalog.datasets.map(describeDataset).join('\n'));
  });
  return data;
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
