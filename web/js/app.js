// Start-up: sign-in, the top bar (day, language), and showing the view the address names.
import { applyStatic, t } from './i18n.js';
import { currentRoute } from './nav.js';
import * as panel from './panel.js';
import { onChange, set, signIn, signOut, state } from './state.js';
import { loadSummary } from './summary.js';
import { banner, run, whenUnauthenticated } from './view.js';
import * as chart from './orgchart.js';
import * as dashboard from './dashboard.js';
import * as gaps from './gaps.js';
import * as orgs from './orgs.js';

const VIEWS = { dashboard, chart, gaps, orgs };
const $ = (id) => document.getElementById(id);

function showSignIn(message) {
  $('app').hidden = true;
  $('signin').hidden = false;
  $('signin-error').hidden = !message;
  $('signin-error').textContent = message || '';
  document.body.dataset.page = 'signin';
  $('token').focus();
}

function showApp() {
  $('signin').hidden = true;
  $('app').hidden = false;
  document.body.dataset.page = 'app';
  $('scope-name').textContent = state.scope ? state.scope.name : '';
  $('as-of').value = state.asOf;
}

function show() {
  if (!state.token) return showSignIn();
  const { name, params } = currentRoute();
  const key = VIEWS[name] ? name : 'dashboard';
  for (const [viewName, view] of Object.entries(VIEWS)) {
    $(`view-${viewName}`).hidden = viewName !== key;
    if (viewName !== key && view.hide) view.hide();
  }
  document.querySelectorAll('.tabs a').forEach((a) => {
    a.classList.toggle('active', a.dataset.route === key || (key === 'orgs' && a.dataset.route === 'dashboard'));
  });
  const el = $(`view-${key}`);
  return run(el, (live) => VIEWS[key].render(el, params, live));
}

async function submitSignIn(event) {
  event.preventDefault();
  const token = $('token').value.trim();
  if (!token) return;
  $('signin-submit').disabled = true;
  state.token = token;
  try {
    const summary = await loadSummary(null, true);
    const { id, name, kind } = summary.scope;
    signIn(token, { id, name, kind });
    $('token').value = '';
    showApp();
    if (location.hash.length <= 2) history.replaceState(null, '', '#/dashboard');
    show();
  } catch (error) {
    signOut();
    showSignIn(t('signin.failed') + error.message);
  } finally {
    $('signin-submit').disabled = false;
  }
}

function expired() {
  signOut();
  panel.close();
  showSignIn(t('signin.expired'));
}

function wire() {
  $('signin-form').addEventListener('submit', submitSignIn);
  $('signout').addEventListener('click', () => { signOut(); panel.close(); banner(null); showSignIn(); });
  document.querySelectorAll('.lang-toggle').forEach((button) => {
    button.addEventListener('click', () => set('lang', state.lang === 'en' ? 'zh' : 'en'));
  });
  $('as-of').addEventListener('change', (event) => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(event.target.value)) set('asOf', event.target.value);
  });
  window.addEventListener('hashchange', () => { panel.close(); show(); });
  whenUnauthenticated(expired);
  onChange((name) => {
    if (name === 'lang') applyStatic();
    if (!state.token) return;
    show();
    panel.refresh();
  });
}

function start() {
  applyStatic();
  wire();
  if (state.token && state.scope) {
    showApp();
    show();
  } else {
    showSignIn();
  }
}

start();
