import path from 'node:path';
import * as vscode from 'vscode';

export interface FolderEvent {
  uri: vscode.Uri;
  /** Created: a folder, confirmed. Gone: a path that is not a card, a rule nor a config file, most likely a folder. */
  kind: 'created' | 'gone';
}

/** The files the card and rule watchers already report one by one. */
const WATCHED_FILE = /\.(?:md|markdown|ya?ml)$|^\.huntcard\.json$/i;

/**
 * Folders that appear or go in the workspace. A glob watcher for `*.md` never
 * sees them, so without this a folder of cards renamed on disk (a checkout, a
 * `git mv`) leaves the old cards in Problems and the coverage view, and a file
 * written into a folder just made can go unreported: on Linux, inotify gives
 * no event for it before the new folder is watched (parcel-bundler/watcher#243).
 * Both cases are mended by reading the workspace again.
 */
export function watchFolders(onEvent: (event: FolderEvent) => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
  const created = watcher.onDidCreate(async (uri) => {
    if (WATCHED_FILE.test(path.basename(uri.path))) return;
    try {
      if ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) onEvent({ uri, kind: 'created' });
    } catch {
      // gone again before it could be looked at: its removal is reported too
    }
  });
  const gone = watcher.onDidDelete((uri) => {
    if (!WATCHED_FILE.test(path.basename(uri.path))) onEvent({ uri, kind: 'gone' });
  });
  return vscode.Disposable.from(watcher, created, gone);
}
