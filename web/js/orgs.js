// The list behind a count: organisations of a scope, by kind and name, with secretary and gaps.
import { gql } from './api.js';
import { clear, debounce, h } from './dom.js';
import { KINDS, label, number, t } from './i18n.js';
import { go, href } from './nav.js';
import { Pager } from './pager.js';
import * as panel from './panel.js';
import { state } from './state.js';
import { run } from './view.js';

const ORGS = `query Orgs($scopeId: ID!, $kind: String, $name: String, $first: Int, $after: String,
    $asOf: Date) {
  scope: organisation(id: $scopeId) { id name kind }
  organisations(scopeId: $scopeId, kind: $kind, name: $name, first: $first, after: $after) {
    totalCount
    edges { node { id name kind fullMembers parent { id name } secretary(asOf: $asOf) { id name }
      gapCount(asOf: $asOf) } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const pager = new Pager();
let filter = null;

function table(connection) {
  if (!connection.edges.length) return h('p', { class: 'empty' }, t('orgs.none'));
  const heads = ['orgs.name', 'orgs.kind', 'orgs.parent', 'orgs.secretary', 'orgs.members', 'col.gaps'];
  return h('table', { class: 'grid', id: 'org-table' },
    h('thead', {}, h('tr', {}, heads.map((word, i) => h('th', { class: i > 3 ? 'n' : '' }, t(word))))),
    h('tbody', {}, connection.edges.map(({ node }) => h('tr', { dataset: { id: node.id } },
      h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => panel.open(node.id) }, node.name),
        ' ', h('span', { class: 'muted small' }, node.id)),
      h('td', {}, label(node.kind)),
      h('td', {}, node.parent?.name ?? ''),
      h('td', {}, node.secretary ? node.secretary.name
        : (node.kind === 'GROUP' ? '' : h('span', { class: 'vacant' }, t('chart.vacant')))),
      h('td', { class: 'n' }, node.fullMembers == null ? '' : number(node.fullMembers)),
      h('td', { class: 'n' }, node.gapCount ? h('a', { class: 'num', href: href('gaps', { scope: node.id }) },
        number(node.gapCount)) : '0')))));
}

function toolbar() {
  const rename = debounce((value) => go('orgs', { ...filter, name: value || null }), 350);
  return h('div', { class: 'toolbar' },
    h('label', {}, t('orgs.kind'), h('select', { id: 'org-kind',
      onchange: (e) => go('orgs', { ...filter, kind: e.target.value || null }) },
    h('option', { value: '' }, t('orgs.allKinds')),
    KINDS.map((k) => h('option', { value: k, selected: filter.kind === k }, label(k))))),
    h('input', { type: 'search', id: 'org-name', value: filter.name || '', placeholder: t('orgs.filterName'),
      oninput: (e) => rename(e.target.value.trim()) }));
}

async function paint(el, live) {
  const data = await gql(ORGS, { scopeId: filter.scope || state.scope.id, kind: filter.kind,
    name: filter.name, first: 50, after: pager.after, asOf: state.asOf });
  if (!live()) return;
  const connection = data.organisations;
  const repaint = () => run(el, (stillLive) => paint(el, stillLive));
  const focused = document.activeElement?.id === 'org-name';
  clear(el, h('div', { class: 'view-head' }, h('h2', {}, t('orgs.title')),
    h('span', { class: 'kind' }, label(data.scope.kind)), h('strong', {}, data.scope.name),
    h('a', { class: 'num', href: href('dashboard', filter.scope ? { scope: filter.scope } : {}) }, `← ${t('nav.dashboard')}`)),
  toolbar(), table(connection), pager.controls(connection, connection.edges.length, repaint));
  if (focused) {
    const input = document.getElementById('org-name');
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }
}

export async function render(el, params, live) {
  filter = { scope: params.scope || null, kind: params.kind || null, name: params.name || null };
  pager.reset(); // a new address, day or language starts again at the first page
  await paint(el, live);
}

export function hide() {}
