// Running a view's work: the loading/ready marker, stale results dropped, errors shown once.
import { mark } from './dom.js';
import { t } from './i18n.js';

const runs = new WeakMap();
let onUnauthenticated = () => {};
// How long each finished run took in the page, for anyone measuring the UI.
const timings = [];
window.covergraph = { ...window.covergraph, timings };

export function whenUnauthenticated(handler) {
  onUnauthenticated = handler;
}

export function banner(message) {
  const el = document.getElementById('banner');
  el.hidden = !message;
  el.textContent = message ? t('error') + message : '';
}

// Runs task(live) for element el; live() turns false once a newer run of el has started.
export async function run(el, task) {
  const n = (runs.get(el) || 0) + 1;
  runs.set(el, n);
  const live = () => runs.get(el) === n;
  mark(el, 'loading');
  const started = performance.now();
  try {
    await task(live);
    if (!live()) return;
    mark(el, 'ready');
    timings.push({ view: el.id, ms: Math.round(performance.now() - started) });
  } catch (error) {
    if (!live()) return;
    mark(el, 'error');
    if (error.code === 'UNAUTHENTICATED') onUnauthenticated(error);
    else banner(error.message);
    console.error(error);
  }
}
