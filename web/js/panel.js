// The side panel of one organisation: who covers it, its responsibility chain, posts, history, gaps.
import { gql } from './api.js';
import { clear, h } from './dom.js';
import { label, number, t } from './i18n.js';
import { go } from './nav.js';
import { state } from './state.js';
import { run } from './view.js';

const DETAILS = `query Panel($id: ID!, $asOf: Date, $lang: String) {
  organisation(id: $id, asOf: $asOf) {
    id name kind domain fullMembers probationaryMembers termStart
    posts(includeEnded: true) { role start end person { id name } }
    history {
      date kind previousName newName previousKind newKind previousParent { name } newParent { name }
    }
    gaps(asOf: $asOf) { rule related { __typename id name } detail(lang: $lang) }
  }
  whoCovers(organisationId: $id, asOf: $asOf) {
    person { id name } relation role distance via { __typename id name }
  }
  responsibilityChain(organisationId: $id, asOf: $asOf) {
    kind distance organisation { id name } secretaries { id name } deputies { id name }
  }
}`;
const ROLE_ORDER = ['SECRETARY', 'FIRST_SECRETARY', 'DEPUTY_SECRETARY', 'ORGANISATION_MEMBER',
  'DISCIPLINE_MEMBER', 'PROPAGANDA_MEMBER', 'COMMITTEE_MEMBER', 'GROUP_LEADER'];
let shownId = null;
let onSelect = () => {};

const el = () => document.getElementById('panel');

// Tells the org chart which organisation the panel shows (null when closed).
export function onSelection(listener) {
  onSelect = listener;
}

export function open(id) {
  shownId = id;
  el().hidden = false;
  document.body.classList.add('panel-open');
  onSelect(id);
  return run(el(), (live) => paint(id, live));
}

export function refresh() {
  if (shownId && !el().hidden) open(shownId);
}

export function close() {
  shownId = null;
  el().hidden = true;
  document.body.classList.remove('panel-open');
  onSelect(null);
}

function postStatus(post) {
  if (post.start && post.start > state.asOf) return 'future';
  if (post.end && post.end < state.asOf) return 'ended';
  return 'current';
}

function whoTable(entries) {
  if (!entries.length) return h('p', { class: 'empty vacant' }, t('panel.noCover'));
  const heads = ['panel.person', 'panel.relation', 'panel.role', 'panel.via', 'panel.distance'];
  return h('table', { class: 'grid', id: 'who-covers' },
    h('thead', {}, h('tr', {}, heads.map((w, i) => h('th', { class: i === 4 ? 'n' : '' }, t(w))))),
    h('tbody', {}, entries.map((c) => h('tr', { dataset: { person: c.person.id, relation: c.relation,
      role: c.role, via: c.via.id, distance: c.distance } },
    h('td', {}, c.person.name, ' ', h('span', { class: 'muted small' }, c.person.id)),
    h('td', {}, label(c.relation)),
    h('td', {}, label(c.role)),
    h('td', {}, h('span', { class: 'kind' }, label(c.via.__typename)), c.via.name),
    h('td', { class: 'n' }, c.distance)))));
}

function chainList(links) {
  return h('ol', { class: 'chain', id: 'responsibility-chain' }, links.map((link) => {
    const names = link.secretaries.map((p) => p.name).join('、');
    const deputies = link.deputies.map((p) => p.name).join('、');
    const leader = link.secretaries.length ? `${t('chart.secretary')}：${names}`
      : (link.kind === 'GROUP' ? '' : null);
    return h('li', { dataset: { id: link.organisation.id } },
      h('span', { class: 'kind' }, label(link.kind)),
      h('button', { type: 'button', class: 'link', onclick: () => open(link.organisation.id) }, link.organisation.name),
      ' — ', leader ?? h('span', { class: 'vacant' }, `${t('chart.secretary')} ${t('chart.vacant')}`),
      deputies ? h('span', { class: 'muted' }, `；${t('panel.deputies')}：${deputies}`) : '');
  }));
}

function postTable(posts) {
  if (!posts.length) return h('p', { class: 'empty' }, t('panel.noPosts'));
  const rank = (role) => (ROLE_ORDER.includes(role) ? ROLE_ORDER.indexOf(role) : 99);
  const ordered = [...posts].sort((a, b) => rank(a.role) - rank(b.role)
    || String(b.start ?? '').localeCompare(String(a.start ?? '')));
  const heads = ['panel.role', 'panel.person', 'panel.start', 'panel.end', 'panel.status'];
  return h('table', { class: 'grid', id: 'posts' },
    h('thead', {}, h('tr', {}, heads.map((w) => h('th', {}, t(w))))),
    h('tbody', {}, ordered.map((post) => {
      const status = postStatus(post);
      return h('tr', { dataset: { status } }, h('td', {}, label(post.role)),
        h('td', {}, post.person ? post.person.name : '—'), h('td', {}, post.start ?? '—'),
        h('td', {}, post.end ?? '—'), h('td', {}, h('span', { class: `status ${status}` }, t(`panel.${status}`))));
    })));
}

// One change of the organisation's history (沿革), e.g. "更名：A → B"; a parent the token may
// not see, or none, shows as a dash.
function changeText(change) {
  const from = (a, b) => t('history.change', { from: a ?? '—', to: b ?? '—' });
  switch (change.kind) {
    case 'FOUNDED': return t('history.FOUNDED') + (change.newParent
      ? t('history.under', { name: change.newParent.name }) : '');
    case 'RENAMED': return t('history.RENAMED') + from(change.previousName, change.newName);
    case 'REKINDED': return t('history.REKINDED') + from(label(change.previousKind), label(change.newKind));
    case 'MOVED': return t('history.MOVED') + from(change.previousParent?.name, change.newParent?.name);
    default: return t(`history.${change.kind}`);
  }
}

function historyList(changes) {
  if (!changes.length) return h('p', { class: 'empty', id: 'org-history' }, t('panel.noHistory'));
  return h('ul', { class: 'history', id: 'org-history' }, changes.map((change) =>
    h('li', { dataset: { kind: change.kind, date: change.date } },
      h('span', { class: 'date' }, change.date), changeText(change))));
}

function gapList(gaps) {
  if (!gaps.length) return h('p', { class: 'empty' }, t('panel.noGaps'));
  return h('ul', { id: 'own-gaps' }, gaps.map((gap) => h('li', { class: 'gap-item', dataset: { rule: gap.rule } },
    h('strong', {}, label(gap.rule)), '：', gap.detail)));
}

function facts(org) {
  const parts = [org.id, label(org.domain)];
  if (org.fullMembers != null) parts.push(`${t('panel.members')} ${number(org.fullMembers)}`);
  if (org.probationaryMembers) parts.push(`${t('panel.probationary')} ${number(org.probationaryMembers)}`);
  if (org.termStart) parts.push(`${t('panel.term')} ${org.termStart}`);
  return parts.filter(Boolean).join(' · ');
}

const closeButton = () => h('button', { type: 'button', class: 'close', title: t('panel.close'), onclick: close }, '×');

// The organisation does not exist on the day chosen (before its founding, after its dissolution).
function missing() {
  clear(el(), h('div', { class: 'head' },
    h('p', { class: 'empty', id: 'panel-missing' }, t('panel.notOnDay', { day: state.asOf })), closeButton()));
}

async function paint(id, live) {
  let data;
  try {
    data = await gql(DETAILS, { id, asOf: state.asOf, lang: state.lang });
  } catch (error) {
    if (error.code !== 'NOT_FOUND') throw error;
    if (live()) missing();
    return;
  }
  if (!live()) return;
  const org = data.organisation;
  clear(el(),
    h('div', { class: 'head' }, h('div', {},
      h('span', { class: 'kind' }, label(org.kind)), h('h2', { id: 'panel-title' }, org.name),
      h('div', { class: 'facts' }, facts(org))), closeButton()),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => go('chart', { focus: org.id }) }, t('panel.locate')),
      h('button', { type: 'button', onclick: () => go('chart', { root: org.id }) }, t('panel.root')),
      h('button', { type: 'button', onclick: () => go('gaps', { scope: org.id }) }, t('panel.gaps')),
      h('button', { type: 'button', onclick: () => go('dashboard', { scope: org.id }) }, t('panel.dashboard'))),
    h('h3', {}, t('panel.who')), whoTable(data.whoCovers),
    h('h3', {}, t('panel.chain')), chainList(data.responsibilityChain),
    h('h3', {}, t('panel.posts')), postTable(org.posts),
    h('h3', {}, t('panel.history')), historyList(org.history),
    h('h3', {}, t('panel.ownGaps')), gapList(org.gaps));
}
