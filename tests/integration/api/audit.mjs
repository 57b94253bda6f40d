// Runs the GraphQL-over-HTTP server audits of `graphql-http` against a running covergraph API
// and prints one JSON array of {id, name, status, reason}. Usage:
//   AUDIT_URL=http://127.0.0.1:8000/graphql AUDIT_TOKEN=... node tests/integration/api/audit.mjs
import { serverAudits } from 'graphql-http';

const url = process.env.AUDIT_URL;
const token = process.env.AUDIT_TOKEN;
if (!url || !token) {
  console.error('set AUDIT_URL and AUDIT_TOKEN');
  process.exit(2);
}

// Every audit request carries the bearer token, as any client of the API must.
function fetchWithToken(input, init = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

const results = [];
for (const audit of serverAudits({ url, fetchFn: fetchWithToken })) {
  const result = await audit.fn();
  results.push({
    id: result.id,
    name: result.name,
    status: result.status,
    reason: result.status === 'ok' ? null : result.reason,
  });
}
console.log(JSON.stringify(results, null, 1));
