// Calls the daemon's JSON API with the session cookie; changes carry the session's CSRF token.

let csrf = null;

export function setCsrf(token) {
  csrf = token;
}

/** Thrown when the server refuses or fails; {@code status} is the HTTP status. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-Warden-CSRF'] = csrf;
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, `${response.status}: ${data && data.error ? data.error : response.statusText}`);
  }
  return data;
}

export const get = path => call('GET', path);

/**
 * A page that shows what one GET returns: a heading over {@code render(data)}, fetched again on
 * every update. {@code id} names the element that holds it.
 */
export function readOnlyPage(root, { title, id, path, render }) {
  document.title = `${title} · Warden`;
  const body = document.createElement('div');
  body.id = id;
  const heading = document.createElement('h1');
  heading.textContent = title;
  root.replaceChildren(heading, body);
  return {
    async update() {
      const rendered = render(await get(path));
      body.replaceChildren(...[rendered].flat().filter(Boolean));
    },
  };
}
