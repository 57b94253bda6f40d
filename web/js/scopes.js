// Scopes a list can be narrowed to: the signed-in scope and its direct children, plus one asked for.
import { gql } from './api.js';
import { state } from './state.js';

const CHILDREN = `query Scopes($rootId: ID!) {
  orgChart(rootId: $rootId, depth: 1) { id name kind depth }
}`;
const ONE = `query Scope($id: ID!) { organisation(id: $id) { id name kind } }`;
const known = new Map();

export async function scopeChoices(extraId) {
  const top = state.scope.id;
  if (!known.has(top)) {
    const answer = gql(CHILDREN, { rootId: top }).then((data) => data.orgChart);
    answer.catch(() => known.delete(top));
    known.set(top, answer);
  }
  const choices = [...await known.get(top)];
  if (extraId && !choices.some((c) => c.id === extraId)) {
    const { organisation } = await gql(ONE, { id: extraId });
    choices.push({ ...organisation, depth: 2 });
  }
  return choices;
}
