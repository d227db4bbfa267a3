import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from out/test/...). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SHARED = path.resolve(REPO, '..', 'shared');
export const ATTACK = path.join(SHARED, 'attack');
export const REFERENCE_CARD = path.join(SHARED, 'cards', 'T1589.002.md');
export const BUNDLES = {
  enterprise18: path.join(ATTACK, 'enterprise-attack-18.1.json'),
  enterprise11: path.join(ATTACK, 'enterprise-attack-11.2.json'),
  mobile18: path.join(ATTACK, 'mobile-attack-18.1.json'),
};
/** The shipped, bundled entry points: tests run what users run. */
export const CLI = path.join(REPO, 'dist', 'huntcard.js');
