// The org chart: an ECharts tree opened a level at a time, coloured by coverage state.
import { gql } from './api.js';
import { clear, debounce, h, saveFile } from './dom.js';
import { label, t } from './i18n.js';
import { go } from './nav.js';
import * as panel from './panel.js';
import { state } from './state.js';
import { Tree } from './tree.js';
import { run } from './view.js';

const SEARCH = `query Find($text: String!) {
  search(text: $text, limit: 15) {
    __typename id name
    ... on Organisation { kind }
    ... on Person { home { id name } }
  }
}`;
const COLOURS = { ok: '#2e7d32', gaps: '#ef6c00', vacant: '#c62828' };
const LEVEL_WIDTH = 430;
const ROW_HEIGHT = 48;
const tree = new Tree();
let chart = null;
let view = null;
let box = null;
let selected = null;

const clean = (text) => String(text).replace(/[{}|]/g, ' ');

function coverage(node) {
  if (!node.secretaries.length) return 'vacant';
  return node.gapCount ? 'gaps' : 'ok';
}

function text(node) {
  const lead = node.kind === 'GROUP' ? t('chart.leader') : t('chart.secretary');
  const who = node.secretaries.length ? `{sec|${lead}：${clean(node.secretaries.join('、'))}}`
    : `{vacant|${lead} ${t('chart.vacant')}}`;
  const gaps = `{${node.gapCount ? 'gap' : 'nogap'}|${t('chart.gaps')} ${node.gapCount}}`;
  const more = node.childCount && !node.open ? `  {more|▸ ${node.childCount} ${t('chart.children')}}` : '';
  return `{kind|${label(node.kind)}} {name|${clean(node.name)}}\n${who}  ${gaps}${more}`;
}

function item(id) {
  const node = tree.node(id);
  const colour = COLOURS[coverage(node)];
  const open = node.open && node.children;
  return {
    name: node.id, id: node.id, text: text(node), value: node.gapCount,
    itemStyle: { color: node.childCount && !node.open ? colour : '#fff', borderColor: colour, borderWidth: 2 },
    label: { borderColor: id === selected ? '#1d4ed8' : colour, borderWidth: id === selected ? 2.5 : 1 },
    children: open ? node.children.map(item) : [],
  };
}

const RICH = {
  kind: { backgroundColor: '#eef2f7', color: '#374151', padding: [1, 4], borderRadius: 3, fontSize: 11 },
  name: { fontWeight: 'bold', fontSize: 13, color: '#1f2933' },
  sec: { color: '#4b5563', fontSize: 12, lineHeight: 20 },
  vacant: { color: '#c62828', fontWeight: 'bold', fontSize: 12, lineHeight: 20 },
  gap: { color: '#ef6c00', fontSize: 12 },
  nogap: { color: '#2e7d32', fontSize: 12 },
  more: { color: '#1d4ed8', fontSize: 12 },
};

function option() {
  const labelStyle = { formatter: (p) => p.data.text, rich: RICH, backgroundColor: '#fff', borderRadius: 4,
    padding: [4, 7], fontSize: 12, lineHeight: 18 };
  return {
    series: [{
      type: 'tree', data: [item(tree.rootId)], orient: 'LR', roam: false, expandAndCollapse: false,
      animationDuration: 150, animationDurationUpdate: 150,
      left: 250, right: 320, top: 24, bottom: 24, symbol: 'circle', symbolSize: 12,
      edgeShape: 'polyline', lineStyle: { color: '#c0c4cc', width: 1.2 },
      label: { ...labelStyle, position: 'left', align: 'right', verticalAlign: 'middle', distance: 8 },
      leaves: { label: { position: 'right', align: 'left', verticalAlign: 'middle' } },
      emphasis: { disabled: true },
    }],
  };
}

function size() {
  const shown = tree.visible();
  const levels = Math.max(...shown.map((n) => n.level));
  const leaves = shown.filter((n) => !(n.open && n.children && n.children.length)).length;
  return {
    width: Math.max(box.clientWidth - 2, 600 + levels * LEVEL_WIDTH),
    height: Math.max(box.clientHeight - 4, 48 + leaves * ROW_HEIGHT),
  };
}

function painted() {
  return new Promise((resolve) => {
    const done = () => { chart.off('finished', done); resolve(); };
    chart.on('finished', done);
    setTimeout(done, 1500);
  });
}

async function paint() {
  const { width, height } = size();
  const canvas = chart.getDom();
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  chart.resize({ width, height });
  const done = painted();
  chart.setOption(option(), { notMerge: true });
  await done;
}

// Where a node is drawn, in page coordinates, after scrolling it into view (null if not shown).
export function pointOf(id, scroll = true) {
  const data = chart?.getModel().getSeriesByIndex(0)?.getData();
  const index = data ? data.indexOfName(id) : -1;
  const shape = index >= 0 ? data.getItemGraphicEl(index) : null;
  if (!shape) return null;
  const [x, y] = shape.transformCoordToGlobal(0, 0);
  if (scroll) box.scrollTo({ left: x - box.clientWidth / 3, top: y - box.clientHeight / 2 });
  const rect = chart.getDom().getBoundingClientRect();
  return { x: rect.left + x, y: rect.top + y };
}

function interact(task) {
  return run(view, async (live) => {
    await task();
    if (!live()) return;
    await paint();
    if (selected) pointOf(selected);
  });
}

async function focus(id) {
  if (!(await tree.reveal(id))) {
    await tree.reset(state.scope.id);
    await tree.reveal(id);
  }
  selected = id;
}

function exportImage(type) {
  const root = tree.node(tree.rootId);
  const filename = `${root.name}-${state.asOf}.${type}`;
  if (type === 'png') {
    const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    const bytes = Uint8Array.from(atob(url.split(',')[1]), (c) => c.charCodeAt(0));
    saveFile(filename, new Blob([bytes], { type: 'image/png' }));
    return;
  }
  const { width, height } = chart.getDom().getBoundingClientRect();
  const holder = h('div', { style: 'position:fixed;left:-100000px;top:0' });
  document.body.append(holder);
  const svg = window.echarts.init(holder, null, { renderer: 'svg', width, height });
  svg.setOption({ ...option(), animation: false, backgroundColor: '#fff' });
  const content = svg.renderToSVGString();
  svg.dispose();
  holder.remove();
  saveFile(filename, new Blob([content], { type: 'image/svg+xml' }));
}

function searchBox() {
  const list = h('ul', { id: 'search-results', hidden: true });
  const pick = (orgId) => { list.hidden = true; go('chart', { focus: orgId }); };
  const find = debounce(async (value) => {
    if (!value) { list.hidden = true; return; }
    const { search } = await gql(SEARCH, { text: value });
    clear(list, search.length ? search.map((found) => {
      const orgId = found.__typename === 'Organisation' ? found.id : found.home?.id;
      const where = found.__typename === 'Person' && found.home ? ` — ${found.home.name}` : '';
      return h('li', { dataset: { id: found.id }, onmousedown: () => orgId && pick(orgId) },
        h('span', { class: 'kind' }, label(found.kind || found.__typename)), found.name,
        h('span', { class: 'muted small' }, `${where} ${found.id}`));
    }) : h('li', { class: 'muted' }, t('chart.noMatch')));
    list.hidden = false;
  }, 200);
  const input = h('input', { type: 'search', id: 'chart-search', placeholder: t('chart.search'),
    oninput: (e) => find(e.target.value.trim()), onblur: () => setTimeout(() => { list.hidden = true; }, 150),
    onkeydown: (e) => { if (e.key === 'Enter') list.querySelector('li[data-id]')?.dispatchEvent(new Event('mousedown')); } });
  return h('div', { class: 'search' }, input, list);
}

function toolbar() {
  const root = tree.node(tree.rootId);
  const top = state.scope.id;
  return h('div', { class: 'toolbar chart-tools' },
    h('span', {}, `${t('chart.root')}：`, h('span', { class: 'kind' }, label(root.kind)), h('strong', { id: 'chart-root' }, root.name)),
    root.id === top ? null : h('button', { type: 'button', onclick: () => go('chart') }, t('chart.top')),
    searchBox(),
    h('button', { type: 'button', id: 'open-level', onclick: () => interact(() => tree.openLevel()) }, t('chart.expandAll')),
    h('button', { type: 'button', id: 'close-all', onclick: () => interact(async () => tree.closeAll()) }, t('chart.collapseAll')),
    h('button', { type: 'button', id: 'export-png', onclick: () => exportImage('png') }, t('chart.png')),
    h('button', { type: 'button', id: 'export-svg', onclick: () => exportImage('svg') }, t('chart.svg')),
    h('span', { class: 'legend' }, Object.entries(COLOURS).map(([key, colour]) =>
      h('span', {}, h('span', { class: 'dot', style: `background:${colour}` }), t(`chart.legend.${key}`)))));
}

function layout(el) {
  if (chart) chart.dispose();
  const canvas = h('div', { id: 'org-chart' });
  box = h('div', { class: 'chart-box' }, canvas);
  clear(el, h('div', { class: 'view-head' }, h('h2', {}, t('chart.title')), h('span', { class: 'muted small' }, t('chart.hint'))),
    toolbar(), box);
  chart = window.echarts.init(canvas, null, { renderer: 'canvas' });
  chart.on('click', (p) => {
    const id = p.data?.id;
    if (!id) return;
    selected = id;
    interact(() => tree.toggle(id));
    panel.open(id);
  });
}

export async function render(el, params, live) {
  view = el;
  const root = params.root || state.scope.id;
  if (tree.rootId !== root) await tree.reset(root);
  else if (tree.asOf !== state.asOf) await tree.follow();
  if (params.focus) await focus(params.focus);
  if (!live()) return;
  layout(el);
  await paint();
  if (params.focus && live()) {
    pointOf(params.focus);
    panel.open(params.focus);
  }
}

export function hide() {}

panel.onSelection((id) => {
  if (selected === id || !chart || view?.hidden) return;
  selected = id;
  if (id === null || tree.node(id)) chart.setOption(option(), { notMerge: true });
});

// A loaded node and its children's ids (the root by default), for scripts that drive the page.
function treeNode(id = tree.rootId) {
  const node = tree.node(id);
  return node ? { id: node.id, children: node.children || [] } : null;
}

window.covergraph = { ...window.covergraph, chartPoint: pointOf, chartTree: treeNode };
