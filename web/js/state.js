// Session state: the token (sessionStorage, gone when the tab closes), its scope, the day, the language.
const KEY = 'covergraph.';
const listeners = new Set();

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function stored(name, fallback) {
  return sessionStorage.getItem(KEY + name) ?? fallback;
}

export const state = {
  token: stored('token', null),
  scope: JSON.parse(stored('scope', 'null')),
  asOf: stored('asOf', today()),
  lang: localStorage.getItem(KEY + 'lang') || 'zh',
};

export function signIn(token, scope) {
  state.token = token;
  state.scope = scope;
  sessionStorage.setItem(KEY + 'token', token);
  sessionStorage.setItem(KEY + 'scope', JSON.stringify(scope));
}

export function signOut() {
  state.token = null;
  state.scope = null;
  sessionStorage.removeItem(KEY + 'token');
  sessionStorage.removeItem(KEY + 'scope');
}

// Tells listeners ('asOf' or 'lang') that a setting changed, so every view follows it.
export function set(name, value) {
  if (state[name] === value) return;
  state[name] = value;
  if (name === 'lang') localStorage.setItem(KEY + 'lang', value);
  else sessionStorage.setItem(KEY + name, value);
  listeners.forEach((listener) => listener(name));
}

export function onChange(listener) {
  listeners.add(listener);
}
