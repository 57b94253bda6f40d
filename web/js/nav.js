// Hash routes: #/dashboard, #/chart?root=…&focus=…, #/gaps?rule=…&scope=…, #/orgs?kind=…&scope=….
export function currentRoute() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  return { name: path || 'dashboard', params: Object.fromEntries(new URLSearchParams(query || '')) };
}

export function href(name, params = {}) {
  const kept = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  const query = new URLSearchParams(kept).toString();
  return `#/${name}${query ? `?${query}` : ''}`;
}

export function go(name, params = {}) {
  location.hash = href(name, params);
}
