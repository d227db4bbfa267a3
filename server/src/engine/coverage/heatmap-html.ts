import { type Maturity, MATURITY_LABELS } from './card-summary.js';
import type { MatrixColumn } from './matrix.js';
import { GAP_COLOR } from './focus-formats.js';
import { MATURITY_COLORS } from './navigator-layer.js';

/**
 * A cell with no card: the theme's widget background in VS Code (so the page
 * follows a light or a dark theme), a dark grey in a page on its own. Maturity
 * and gap colours stay the same hex everywhere (the view, the layer, the page),
 * and dark text reads on each of them.
 */
const NO_CARD = 'var(--vscode-editorWidget-background,#3a3d41)';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A self-contained HTML heatmap of the matrix: tactics as columns, each technique
 * coloured by its best card's maturity (grey when no card covers it). No network:
 * inline styles only, and a Content-Security-Policy that allows nothing else; a
 * click on a covered technique posts its card to the host (when a nonce'd script
 * is allowed, as in the VS Code webview).
 */
export function heatmapHtml(matrix: MatrixColumn[], options: { title: string; cspSource?: string; nonce?: string; cardHref?: (file: string) => string; summary?: string }): string {
  const covered = matrix.flatMap((c) => c.techniques).filter((t) => t.maturity);
  const unique = new Set(covered.map((t) => t.id)).size;
  const total = new Set(matrix.flatMap((c) => c.techniques.map((t) => t.id))).size;
  // A focused matrix (threat actors, a layer) shows its techniques' gaps and dims the rest.
  const focusing = matrix.some((c) => c.techniques.some((t) => t.focus));
  const cell = (t: MatrixColumn['techniques'][number]) => {
    const gap = focusing && t.focus?.direct && !t.maturity;
    const color = t.maturity ? MATURITY_COLORS[t.maturity] : gap ? GAP_COLOR : NO_CARD;
    const focusNote = t.focus ? ` — #${t.focus.rank} in focus${t.focus.reason ? `: ${t.focus.reason}` : ''}` : '';
    const detectionNote = t.detections?.length ? ` — detected by ${t.detections.map((r) => r.title).join(', ')}` : t.nextDetection ? ' — validated hunt, no detection yet: the next one to write' : '';
    const title = `${t.id} ${t.name}${t.maturity ? ` — ${MATURITY_LABELS[t.maturity]} (${t.cards.length} card${t.cards.length === 1 ? '' : 's'})` : ' — no card'}${detectionNote}${focusNote}`;
    const classes = `t${t.parentId ? ' sub' : ''}${t.maturity ? ' covered' : ''}${gap ? ' gap' : ''}${focusing && !t.focus ? ' out' : ''}`;
    const rules = t.detections?.length ?? 0;
    // Detected by Sigma rules: a badge with the count; a validated hunt with none: an outlined "!" (the next detection to write).
    const badge = rules
      ? `<span class="det" title="detected by ${rules} Sigma rule${rules === 1 ? '' : 's'}">◆${rules}</span>`
      : t.nextDetection
        ? '<span class="det next" title="validated hunt, no detection yet">!</span>'
        : '';
    const body = `<b>${escape(t.id)}</b> ${escape(t.name)}${badge}`;
    const card = t.cards[0];
    // A page on its own links each covered cell to its card; the VS Code webview opens it through a message.
    if (card && options.cardHref) return `<a class="${classes}" style="background:${color}" title="${escape(title)}" href="${escape(options.cardHref(card.file))}">${body}</a>`;
    const data = card ? ` data-card="${escape(card.file)}" tabindex="0"` : '';
    return `<div class="${classes}" style="background:${color}" title="${escape(title)}"${data}>${body}</div>`;
  };
  const columns = matrix
    .map((c) => {
      // Focused, a column counts the focus's techniques only.
      const counted = focusing ? c.techniques.filter((t) => t.focus) : c.techniques;
      const n = counted.filter((t) => t.maturity).length;
      return `<section><h2>${escape(c.tactic.name)}<small>${n}/${counted.length}</small></h2>${c.techniques.map(cell).join('')}</section>`;
    })
    .join('');
  const legend =
    ([1, 2, 3] as Maturity[]).map((m) => `<span><i style="background:${MATURITY_COLORS[m]}"></i>${m}: ${escape(MATURITY_LABELS[m])}</span>`).join('') +
    (focusing ? `<span><i style="background:${GAP_COLOR}"></i>gap: in focus, no card</span>` : '') +
    `<span><i style="background:${NO_CARD}"></i>no card</span>` +
    (matrix.some((c) => c.techniques.some((t) => t.detections?.length || t.nextDetection)) ? '<span>◆n: Sigma rules · ! validated hunt, no detection</span>' : '');
  const csp = [`default-src 'none'`, `style-src 'unsafe-inline'${options.cspSource ? ` ${options.cspSource}` : ''}`, ...(options.nonce ? [`script-src 'nonce-${options.nonce}'`] : [])].join('; ');
  const script = options.nonce
    ? `<script nonce="${options.nonce}">const vscode = acquireVsCodeApi(); document.addEventListener('click', (e) => { const t = e.target.closest('[data-card]'); if (t) vscode.postMessage({ open: t.dataset.card }); });</script>`
    : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${escape(options.title)}</title>
<style>
body{font:12px var(--vscode-font-family,system-ui,sans-serif);margin:12px;background:var(--vscode-editor-background,#1e1e1e);color:var(--vscode-editor-foreground,#ddd)}
h1{font-size:16px;margin:0 0 4px}.legend span{margin-right:14px}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle;border:1px solid var(--vscode-widget-border,transparent)}
.matrix{display:flex;gap:4px;overflow-x:auto;margin-top:10px}section{min-width:150px;flex:1}
h2{font-size:12px;margin:0 0 4px;padding:4px;background:var(--vscode-sideBarSectionHeader-background,#333);color:var(--vscode-sideBarSectionHeader-foreground,inherit)}h2 small{float:right;opacity:.7}
.t{display:block;text-decoration:none;padding:3px 4px;margin-bottom:2px;color:#111;border-radius:2px;overflow-wrap:anywhere;line-height:1.3}
.det{float:right;font-size:10px;margin-left:4px;padding:0 3px;border-radius:2px;background:#1e1e1e;color:#9cdcfe}.det.next{background:none;color:inherit;outline:1px dashed currentColor}.t:not(.covered){color:var(--vscode-descriptionForeground,#aaa)}.t.gap{color:#fff}.t.out{opacity:.3}.t.sub{margin-left:8px;font-size:11px}.t.covered{cursor:pointer}
</style></head>
<body><h1>${escape(options.title)}</h1><div class="summary">${options.summary ? escape(options.summary).replace(/\n/g, '<br>') : `${unique} of ${total} techniques have a card.`}</div><div class="legend">${legend}</div>
<div class="matrix">${columns}</div>${script}</body></html>
`;
}
