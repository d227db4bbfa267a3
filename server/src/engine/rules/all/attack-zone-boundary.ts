import type { Rule } from '../rule.js';

export const attackZoneBoundary: Rule = {
  id: 'attack-zone-boundary',
  defaultSeverity: 'error',
  summary: 'where the ATT&CK zone ends is ambiguous, so refresh would have to guess (it refuses)',
  run({ card, report }) {
    const problem = card.zoneProblem;
    if (problem) report({ span: problem.span, message: `${problem.message} Refresh refuses this card until it is fixed. ${problem.hint}` });
  },
};
