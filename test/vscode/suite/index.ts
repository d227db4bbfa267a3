// The extension-host test entry, the @vscode/test-electron way: VS Code (desktop, or
// code-server through its smoke-test driver) loads this file and awaits run().
import path from 'node:path';
import Mocha from 'mocha';

declare const __dirname: string;

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, reporter: 'spec' });
  for (const file of ['extension.test.js']) mocha.addFile(path.join(__dirname, file));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension test(s) failed.`);
}
