import * as vscode from 'vscode';
import type { DatasetInfo } from './server-api.js';

/** "ATT&CK v18.1" in the status bar; a click shows the data info. */
export class DataStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('huntcard.data', vscode.StatusBarAlignment.Right, 100);

  constructor(command: string) {
    this.item.name = 'Hunt Card: ATT&CK data';
    this.item.command = command;
    this.item.text = '$(shield) ATT&CK';
    this.item.tooltip = 'Hunt Card: loading ATT&CK data…';
  }

  show(info: DatasetInfo): void {
    const versions = [...new Set(info.datasets.map((d) => d.version))];
    this.item.text = `$(shield) ATT&CK v${versions.join(', v')}`;
    this.item.tooltip = new vscode.MarkdownString(
      info.datasets.map((d) => `**${d.label}**, ${d.source === 'embedded' ? 'embedded snapshot' : d.source}, data of ${d.modified.slice(0, 10)}`).join('\n\n'),
    );
    this.item.show();
  }

  failed(message: string): void {
    this.item.text = '$(warning) ATT&CK';
    this.item.tooltip = message;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
