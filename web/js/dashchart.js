// The dashboard's bar chart: gaps by rule for each direct child; a bar opens its gap list.
import { label, RULES } from './i18n.js';
import { go } from './nav.js';

const COLOURS = ['#c62828', '#ad1457', '#6a1b9a', '#4527a0', '#1565c0', '#00838f', '#2e7d32',
  '#9e9d24', '#ef6c00', '#d84315', '#5d4037', '#546e7a', '#f9a825'];
let chart = null;

export function paintChildChart(box, children) {
  if (chart) chart.dispose();
  const shown = [...children].reverse(); // the chart draws the first category at the bottom
  const rules = RULES.filter((rule) => children.some((c) => count(c, rule)));
  box.style.height = `${Math.max(260, 70 + 24 * children.length)}px`;
  chart = window.echarts.init(box, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    color: COLOURS,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 34, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: shown.map((c) => c.organisation.name),
      axisLabel: { width: 150, overflow: 'truncate' } },
    series: rules.map((rule) => ({
      id: rule, name: label(rule), type: 'bar', stack: 'gaps', barMaxWidth: 18,
      data: shown.map((c) => ({ value: count(c, rule), scope: c.organisation.id })),
    })),
  });
  chart.on('click', (p) => go('gaps', { rule: p.seriesId, scope: p.data.scope }));
}

function count(child, rule) {
  return child.figures.gaps.find((g) => g.key === rule)?.count ?? 0;
}

window.addEventListener('resize', () => chart?.resize());
