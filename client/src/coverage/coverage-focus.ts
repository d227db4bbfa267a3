import * as vscode from 'vscode';
import type { CoverageFocus } from '../../../server/src/protocol.js';
import type { ServerApi } from '../server-api.js';

/**
 * What the coverage view, the heatmap and Export Navigator Layer are narrowed
 * to: threat actors or a Navigator layer, or nothing. The `huntcard.coverageFocused`
 * context key shows Clear Focus in the view's title bar.
 */
export class CoverageFocusState implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<CoverageFocus | undefined>();
  readonly onDidChange = this.changed.event;
  private focus?: CoverageFocus;

  get current(): CoverageFocus | undefined {
    return this.focus;
  }

  set(focus: CoverageFocus | undefined): void {
    this.focus = focus;
    void vscode.commands.executeCommand('setContext', 'huntcard.coverageFocused', focus !== undefined);
    this.changed.fire(focus);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

interface ActorItem extends vscode.QuickPickItem {
  id: string;
}

const KIND_LABEL = { group: 'group', campaign: 'campaign', software: 'software' } as const;

/**
 * Hunt Card: Focus Coverage on Threat Actor…. A QuickPick of the data's groups,
 * campaigns and software, searchable by alias, each with its techniques and how
 * many have a card. `actors` (IDs, names or aliases; several combine, as with
 * `huntcard coverage --actor` repeated) skips the picker.
 */
export async function pickActors(api: ServerApi, actors?: string[]): Promise<CoverageFocus | undefined> {
  let chosen = actors;
  if (!chosen?.length) {
    const items = api.run('huntcard.actors', {}).then(({ actors: list }) =>
      list.map((a): ActorItem => ({
        id: a.id,
        label: a.name,
        description: `${a.id} · ${KIND_LABEL[a.kind]} · ${a.covered} of ${a.techniques} techniques have a card`,
        ...(a.aliases.length ? { detail: a.aliases.join(', ') } : {}),
      })),
    );
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Focus coverage on a threat actor',
      placeHolder: 'Type a group, campaign or software: name, alias or ID',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return undefined;
    chosen = [picked.id];
  }
  return { actors: chosen };
}

/** Hunt Card: Focus Coverage on Layer File…. Any Navigator layer (CTI, detections, a red-team plan) becomes the focus. */
export async function pickLayer(file?: vscode.Uri): Promise<CoverageFocus | undefined> {
  const uri = file ?? (await vscode.window.showOpenDialog({ title: 'Focus coverage on a Navigator layer', filters: { 'Navigator layer': ['json'] }, canSelectMany: false }))?.[0];
  return uri ? { layer: uri.toString() } : undefined;
}
