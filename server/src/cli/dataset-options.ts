import { InvalidArgumentError, Option, type Command } from 'commander';
import { createEngine, DiskWorkspace, type Domain, type Engine, toDomain } from '../engine/index.js';

/** The flags every command that reads ATT&CK data or cards takes. */
export interface EngineFlags {
  dataset?: string;
  domain?: Domain;
  cacheDir?: string;
  config?: string;
  /** A repository's .huntcard.json may name a dataset URL to download (off: CI checks pull requests). */
  allowConfigUrl?: boolean;
}

/** --dataset / --domain / --cache-dir, shared by every command that reads ATT&CK data. */
export function addDatasetOptions(command: Command): Command {
  return command
    .option('--dataset <file|url>', 'ATT&CK STIX bundle (file or http(s) URL) or built index folder; default: newest download, else embedded')
    .addOption(new Option('--domain <domain>', 'ATT&CK domain: enterprise, mobile or ics').argParser(parseDomain))
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

/** The engine as the CLI uses it: the disk, the flags over each card's .huntcard.json, a dataset that fails is an error. */
export function engineFor(flags: EngineFlags, note: (text: string) => void): Engine {
  return createEngine({
    workspace: new DiskWorkspace(),
    overrides: () => ({ ...(flags.dataset ? { dataset: flags.dataset } : {}), ...(flags.domain ? { domain: flags.domain } : {}) }),
    ...(flags.config ? { configFile: flags.config } : {}),
    configDataset: flags.allowConfigUrl ? 'any' : 'local',
    onDatasetFailure: 'fail',
    ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
    note,
  });
}
