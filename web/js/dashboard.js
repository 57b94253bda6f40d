// The dashboard: headline figures of a scope on the day, and the same per direct child unit.
import { clear, h } from './dom.js';
import { KINDS, RULES, label, number, t } from './i18n.js';
import { href } from './nav.js';
import { state } from './state.js';
import { loadSummary } from './summary.js';
import { paintChildChart } from './dashchart.js';

const COLUMNS = [
  { key: 'name', word: 'dash.unit', value: (c) => c.organisation.name, text: true },
  { key: 'organisations', word: 'col.organisations', value: (c) => c.figures.organisationCount,
    link: (c) => href('orgs', { scope: c.organisation.id }) },
  { key: 'branches', word: 'col.branches', value: (c) => c.figures.branches,
    link: (c) => href('orgs', { scope: c.organisation.id, kind: 'BRANCH' }) },
  { key: 'withLiaison', word: 'col.withLiaison', value: (c) => c.figures.branchesWithLiaison },
  { key: 'noLiaison', word: 'col.noLiaison', value: (c) => c.figures.branches - c.figures.branchesWithLiaison,
    link: (c) => gapLink('NO_LIAISON', c.organisation.id) },
  { key: 'grids', word: 'col.grids', value: (c) => c.figures.gridCells },
  { key: 'covered', word: 'col.covered', value: (c) => c.figures.gridCellsCovered },
  { key: 'vacancies', word: 'col.vacancies', value: (c) => c.figures.secretaryVacancies,
    link: (c) => gapLink('SECRETARY_VACANT', c.organisation.id) },
  { key: 'gaps', word: 'col.gaps', value: (c) => totalGaps(c.figures),
    link: (c) => gapLink(null, c.organisation.id) },
];

let sort = { key: 'gaps', desc: true };

const gapLink = (rule, scope) => href('gaps', { rule, scope });
const totalGaps = (figures) => figures.gaps.reduce((sum, g) => sum + g.count, 0);
const count = (list, key) => list.find((c) => c.key === key)?.count ?? 0;
const percent = (part, whole) => (whole ? `${Math.round((100 * part) / whole)}%` : '—');

function num(value, link, figure) {
  const text = number(value);
  return link ? h('a', { class: 'num', href: link, dataset: { figure } }, text)
    : h('span', { dataset: { figure } }, text);
}

function crumbs(scope) {
  const top = state.scope?.id;
  if (scope.id === top) return null;
  const above = [...scope.ancestors].reverse();
  return h('div', { class: 'crumbs' },
    above.map((a) => [h('a', { class: 'num', href: href('dashboard', a.id === top ? {} : { scope: a.id }) },
      a.name), h('span', { class: 'sep' }, '›')]),
    h('strong', {}, scope.name));
}

function cards(summary) {
  const f = summary.figures;
  const scope = summary.scope.id;
  const noLiaison = f.branches - f.branchesWithLiaison;
  return h('div', { class: 'cards' },
    h('div', { class: 'card' }, h('h3', {}, t('dash.organisations')),
      h('div', { class: 'big' }, num(f.organisationCount, href('orgs', { scope }), 'organisationCount')),
      h('div', { class: 'sub' }, KINDS.filter((k) => count(f.organisations, k)).map((k) =>
        h('a', { class: 'num', href: href('orgs', { scope, kind: k }) },
          `${label(k)} ${number(count(f.organisations, k))}`)))),
    h('div', { class: 'card' }, h('h3', {}, t('dash.branches')),
      h('div', { class: 'big' }, num(f.branchesWithLiaison, null, 'branchesWithLiaison'),
        h('span', { class: 'of' }, ' / ', num(f.branches, href('orgs', { scope, kind: 'BRANCH' }), 'branches'))),
      h('div', { class: 'sub' }, h('span', {}, percent(f.branchesWithLiaison, f.branches)),
        h('a', { class: 'num', href: gapLink('NO_LIAISON', scope) }, `${t('dash.noLiaison')} ${number(noLiaison)}`))),
    h('div', { class: 'card' }, h('h3', {}, t('dash.grids')),
      h('div', { class: 'big' }, num(f.gridCellsCovered, null, 'gridCellsCovered'),
        h('span', { class: 'of' }, ' / ', num(f.gridCells, null, 'gridCells'))),
      h('div', { class: 'sub' }, h('span', {}, percent(f.gridCellsCovered, f.gridCells)),
        h('a', { class: 'num', href: gapLink('GRID_UNCOVERED', scope) },
          `${t('dash.uncovered')} ${number(f.gridCells - f.gridCellsCovered)}`))),
    h('div', { class: `card${f.secretaryVacancies ? ' alert' : ''}` }, h('h3', {}, t('dash.vacancies')),
      h('div', { class: 'big' }, num(f.secretaryVacancies, gapLink('SECRETARY_VACANT', scope), 'secretaryVacancies'))),
    h('div', { class: 'card' }, h('h3', {}, t('dash.gaps')),
      h('div', { class: 'big' }, num(totalGaps(f), gapLink(null, scope), 'gaps'))));
}

function rules(summary) {
  const scope = summary.scope.id;
  return h('div', { class: 'section' }, h('h3', {}, t('dash.byRule')),
    h('div', { class: 'rules' }, RULES.map((rule) => {
      const n = count(summary.figures.gaps, rule);
      return h('div', { class: `rule${n ? '' : ' zero'}` }, h('span', {}, label(rule)),
        num(n, gapLink(rule, scope), `rule:${rule}`));
    })));
}

function sorted(children) {
  const column = COLUMNS.find((c) => c.key === sort.key);
  const order = (a, b) => (column.text ? String(column.value(a)).localeCompare(String(column.value(b)), 'zh-CN')
    : column.value(a) - column.value(b));
  return [...children].sort((a, b) => (sort.desc ? -order(a, b) : order(a, b)));
}

function row(child) {
  return h('tr', { dataset: { id: child.organisation.id } }, COLUMNS.map((column) => {
    if (column.key === 'name') {
      return h('td', { class: 'name' }, h('span', { class: 'kind' }, label(child.kind)),
        h('a', { class: 'num', href: href('dashboard', { scope: child.organisation.id }) }, child.organisation.name));
    }
    const link = column.link ? column.link(child) : null;
    return h('td', { class: 'n' }, num(column.value(child), link, column.key));
  }));
}

function table(children) {
  const body = h('tbody');
  const heads = COLUMNS.map((column) => h('th', {
    class: `sortable${column.text ? '' : ' n'}`, dataset: { sort: column.key },
    onclick: () => {
      sort = { key: column.key, desc: sort.key === column.key ? !sort.desc : !column.text };
      paintRows();
    },
  }, t(column.word)));
  function paintRows() {
    heads.forEach((th) => th.classList.remove('asc', 'desc'));
    heads[COLUMNS.findIndex((c) => c.key === sort.key)].classList.add(sort.desc ? 'desc' : 'asc');
    clear(body, sorted(children).map(row));
  }
  paintRows();
  return h('table', { class: 'grid', id: 'children-table' }, h('thead', {}, h('tr', {}, heads)), body);
}

export async function render(el, params, live) {
  const summary = await loadSummary(params.scope || null);
  if (!live()) return;
  const chartBox = h('div', { id: 'children-chart' });
  const children = summary.children.length
    ? [h('div', { class: 'section' }, h('h3', {}, t('dash.children')), table(summary.children)),
      h('div', { class: 'section' }, h('h3', {}, t('dash.chart')), chartBox)]
    : h('div', { class: 'section empty' }, t('dash.noChildren'));
  clear(el,
    h('div', { class: 'view-head' }, h('h2', {}, t('dash.title')),
      h('span', { class: 'kind' }, label(summary.scope.kind)), h('strong', { id: 'dash-scope' }, summary.scope.name),
      crumbs(summary.scope)),
    cards(summary), rules(summary), children);
  if (summary.children.length) paintChildChart(chartBox, summary.children);
}

export function hide() {}
