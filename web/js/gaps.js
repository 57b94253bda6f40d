// The gap list: filters (rule, scope; the day is the top bar's), keyset paging, report download.
import { gql } from './api.js';
import { clear, h, mark, saveFile } from './dom.js';
import { label, RULES, t } from './i18n.js';
import { go } from './nav.js';
import { Pager } from './pager.js';
import * as panel from './panel.js';
import { scopeChoices } from './scopes.js';
import { state } from './state.js';
import { banner, run } from './view.js';

const GAPS = `query Gaps($scopeId: ID, $rules: [String!], $asOf: Date, $first: Int, $after: String,
    $lang: String) {
  coverageGaps(scopeId: $scopeId, rules: $rules, asOf: $asOf, first: $first, after: $after) {
    totalCount
    edges { cursor node { rule subject { __typename id name } related { __typename id name }
      detail(lang: $lang) } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const REPORT = `query Report($format: String!, $scopeId: ID, $rules: [String!], $asOf: Date,
    $lang: String) {
  gapReport(format: $format, scopeId: $scopeId, rules: $rules, asOf: $asOf, lang: $lang) {
    filename mediaType contentBase64 gapCount
  }
}`;
const FORMATS = ['xlsx', 'csv', 'json', 'html'];
const pager = new Pager();
let filter = null;
let format = 'xlsx';

function nodeLink(node) {
  const text = [h('span', { class: 'kind' }, label(node.__typename)), node.name, ' ',
    h('span', { class: 'muted small' }, node.id)];
  if (node.__typename !== 'Organisation') return h('span', {}, text);
  return h('button', { type: 'button', class: 'link', onclick: () => panel.open(node.id) }, text);
}

function rows(connection) {
  if (!connection.edges.length) return h('p', { class: 'empty' }, t('gaps.none'));
  return h('table', { class: 'grid', id: 'gap-table' },
    h('thead', {}, h('tr', {}, ['gaps.rule', 'gaps.subject', 'gaps.related', 'gaps.detail']
      .map((word) => h('th', {}, t(word))))),
    h('tbody', {}, connection.edges.map(({ node }) => h('tr', { dataset: { rule: node.rule, subject: node.subject.id } },
      h('td', {}, label(node.rule)),
      h('td', {}, nodeLink(node.subject)),
      h('td', {}, node.related.map(nodeLink)),
      h('td', {}, node.detail)))));
}

async function download(button) {
  const values = { format, scopeId: filter.scope || null, rules: filter.rule ? [filter.rule] : null,
    asOf: state.asOf, lang: state.lang };
  button.disabled = true;
  mark(button, 'loading');
  try {
    const report = (await gql(REPORT, values)).gapReport;
    const bytes = Uint8Array.from(atob(report.contentBase64), (c) => c.charCodeAt(0));
    saveFile(report.filename, new Blob([bytes], { type: report.mediaType }));
    mark(button, 'ready');
  } catch (error) {
    mark(button, 'error');
    banner(error.message);
  } finally {
    button.disabled = false;
  }
}

function filters(choices) {
  const change = (key) => (event) => go('gaps', { ...filter, [key]: event.target.value || null });
  const top = state.scope.id;
  return h('div', { class: 'toolbar' },
    h('label', {}, t('gaps.rule'), h('select', { id: 'gap-rule', onchange: change('rule') },
      h('option', { value: '' }, t('gaps.allRules')),
      RULES.map((rule) => h('option', { value: rule, selected: filter.rule === rule }, label(rule))))),
    h('label', {}, t('gaps.scope'), h('select', { id: 'gap-scope', onchange: change('scope') },
      choices.map((c) => h('option', { value: c.id === top ? '' : c.id, selected: (filter.scope || top) === c.id },
        `${c.depth ? '　' : ''}${label(c.kind)} ${c.name}`)))),
    h('span', { class: 'spacer' }),
    h('label', {}, t('gaps.format'), h('select', { id: 'report-format', onchange: (e) => { format = e.target.value; } },
      FORMATS.map((f) => h('option', { value: f, selected: f === format }, f.toUpperCase())))),
    h('button', { type: 'button', id: 'download-report', class: 'primary',
      onclick: (e) => download(e.currentTarget) }, t('gaps.download')));
}

async function paint(el, live) {
  const [choices, data] = await Promise.all([
    scopeChoices(filter.scope),
    gql(GAPS, { scopeId: filter.scope || null, rules: filter.rule ? [filter.rule] : null,
      asOf: state.asOf, first: 50, after: pager.after, lang: state.lang }),
  ]);
  if (!live()) return;
  const connection = data.coverageGaps;
  const repaint = () => run(el, (stillLive) => paint(el, stillLive));
  clear(el, h('div', { class: 'view-head' }, h('h2', {}, t('gaps.title'))),
    filters(choices), rows(connection), pager.controls(connection, connection.edges.length, repaint));
}

export async function render(el, params, live) {
  filter = { rule: params.rule || null, scope: params.scope || null };
  pager.reset(); // a new address, day or language starts again at the first page
  await paint(el, live);
}

export function hide() {}
