import path from 'node:path';
import * as vscode from 'vscode';
import { SKIPPED_FOLDERS } from '../../server/src/protocol.js';

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
export function watchFolders(onEvents: (events: FolderEvent[]) => void, delayMs = 300): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
  // A checkout or an install makes folders in bursts: they are handed on together, once the burst pauses.
  let pending: FolderEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const add = (event: FolderEvent) => {
    pending.push(event);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const events = pending;
      pending = [];
      onEvents(events);
    }, delayMs);
  };
  const skipped = (uri: vscode.Uri) => WATCHED_FILE.test(path.posix.basename(uri.path)) || uri.path.split('/').some((part) => SKIPPED_FOLDERS.has(part));
  const created = watcher.onDidCreate(async (uri) => {
    if (skipped(uri)) return;
    try {
      if ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) add({ uri, kind: 'created' });
    } catch {
      // gone again before it could be looked at: its removal is reported too
    }
  });
  const gone = watcher.onDidDelete((uri) => {
    if (!skipped(uri)) add({ uri, kind: 'gone' });
  });
  return vscode.Disposable.from(watcher, created, gone, new vscode.Disposable(() => clearTimeout(timer)));
}
