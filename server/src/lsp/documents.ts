import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { OpenDocuments } from '../engine/index.js';

/** The file-system path of a document URI; undefined for untitled and other non-file documents. */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

/** The editor's open buffers as the engine's workspace overlay sees them. */
export function openDocuments(documents: TextDocuments<TextDocument>): OpenDocuments {
  return {
    get: (file) => {
      const document = documents.get(uriOf(file));
      return document ? { text: document.getText(), version: document.version } : undefined;
    },
    paths: () => documents.keys().flatMap((uri) => pathOf(uri) ?? []),
  };
}
