import * as vscode from 'vscode';

const ASKED = 'huntcard.authorAsked';

/**
 * Who signs a new card when neither huntcard.author nor git's user.name is set:
 * ask once (an empty Author(s) is a finding), use the answer for this session,
 * and offer to save it as huntcard.author. Declined, it is not asked again.
 */
export function authorPrompt(context: vscode.ExtensionContext): () => Promise<string | undefined> {
  let answered: string | undefined;
  return async () => {
    if (answered) return answered;
    if (context.globalState.get<boolean>(ASKED)) return undefined;
    await context.globalState.update(ASKED, true);
    const name = (
      await vscode.window.showInputBox({
        title: 'Hunt Card: author of new cards',
        prompt: "Neither huntcard.author nor git's user.name is set. Whom should new cards name as author?",
        placeHolder: 'e.g. J. Smith',
        ignoreFocusOut: true,
      })
    )?.trim();
    if (!name) return undefined;
    answered = name;
    const save = 'Save as huntcard.author';
    // Not awaited: the card is written now, the offer waits for the user.
    void vscode.window.showInformationMessage(`Sign new hunt cards as "${name}" from now on?`, save, 'Only this session').then(async (choice) => {
      if (choice === save) await vscode.workspace.getConfiguration('huntcard').update('author', name, vscode.ConfigurationTarget.Global);
    });
    return name;
  };
}
