// Coverage figures of a scope on the day.
import { gql } from './api.js';
import { state } from './state.js';

const SUMMARY = `query Summary($scopeId: ID, $asOf: Date) {
  coverageSummary(scopeId: $scopeId, asOf: $asOf) {
    scope { id name kind ancestors { id name kind } }
    figures { ...figures }
    children { kind organisation { id name } figures { ...figures } }
  }
}
fragment figures on Figures {
  organisations { key count } organisationCount branches branchesWithLiaison
  gridCells gridCellsCovered secretaryVacancies gaps { key count }
}`;

let kept = { key: null, answer: null };

// Asks for the figures; with `keep`, the answer is kept for the next call with the same
// arguments (sign-in fetches them once and the dashboard it opens shows them).
export function loadSummary(scopeId, keep = false) {
  const key = [state.token, scopeId || '', state.asOf].join('|');
  if (kept.key === key) {
    const { answer } = kept;
    kept = { key: null, answer: null };
    return answer;
  }
  const answer = gql(SUMMARY, { scopeId: scopeId || null, asOf: state.asOf })
    .then((data) => data.coverageSummary);
  if (keep) kept = { key, answer };
  return answer;
}
