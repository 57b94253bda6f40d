// The only way the UI talks to the server: GraphQL over HTTP at /graphql with the bearer token.
import { state } from './state.js';

export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

export async function gql(query, variables = {}) {
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json',
    'Accept-Language': state.lang === 'en' ? 'en' : 'zh-CN',
  };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  const response = await fetch('/graphql', {
    method: 'POST', headers, body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`HTTP ${response.status}`, 'HTTP');
  }
  if (body.errors && body.errors.length) {
    const first = body.errors[0];
    const code = first.extensions?.code || (response.status === 401 ? 'UNAUTHENTICATED' : 'ERROR');
    throw new ApiError(first.message, code);
  }
  if (!response.ok) throw new ApiError(`HTTP ${response.status}`, 'HTTP');
  return body.data;
}
