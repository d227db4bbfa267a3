/** Folders no walk enters, whatever .gitignore says: they never hold cards, and they churn. */
export const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);
