import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Catalog } from '../engine/attack/catalog.js';
import { loadCatalog } from '../engine/attack/load-catalog.js';
import { type Domain, toDomain } from '../engine/attack/model.js';

export interface DatasetFlags {
  dataset?: string;
  domain?: Domain;
  cacheDir?: string;
}

/** --dataset / --domain / --cache-dir, shared by every command that reads ATT&CK data. */
export function addDatasetOptions(command: Command): Command {
  return command
    .option('--dataset <file|url>', 'ATT&CK STIX bundle (file or http(s) URL) or built index folder; default: newest download, else embedded')
    .addOption(
      new Option('--domain <domain>', 'ATT&CK domain: enterprise, mobile or ics').argParser(parseDomain),
    )
    .option('--cache-dir <dir>', 'folder of downloaded datasets (default: the user cache directory)');
}

/** --config and --allow-config-url, for commands that read .huntcard.json. */
export function addConfigOptions(command: Command): Command {
  return command
    .option('--config <file>', 'config file (default: the nearest .huntcard.json above each card)')
    .option('--allow-config-url', 'let a .huntcard.json name a dataset URL to download (off by default: CI runs pull requests)');
}

export function parseDomain(value: string): Domain {
  const domain = toDomain(value);
  if (!domain) throw new InvalidArgumentError(`unknown domain "${value}": use enterprise, mobile or ics`);
  return domain;
}

export async function catalogFor(flags: DatasetFlags, warn: (text: string) => void): Promise<Catalog> {
  const catalog = await loadCatalog({
    ...(flags.dataset ? { dataset: flags.dataset } : {}),
    ...(flags.domain ? { domain: flags.domain } : {}),
    ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
  });
  for (const note of catalog.notes) warn(note);
  return catalog;
}
