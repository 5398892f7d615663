// The console's shell: who is logged in, which page the address names, and polling every few
// seconds so each page updates without a reload.
import { ApiError, call, get, setCsrf } from './api.js';
import { replace } from './dom.js';
import * as overview from './overview.js';
import * as groups from './groups.js';
import * as group from './group.js';
import * as alerts from './alerts.js';
import * as healing from './healing.js';
import * as audit from './audit.js';
import * as dlqs from './dlqs.js';
import * as dr from './dr.js';

const POLL_MS = 3000;
const pages = { '': overview, groups, group, alerts, dlqs, dr, healing, audit };
const $ = id => document.getElementById(id);
const context = { role: 'viewer', name: '', say, clear };
let current = null;
let timer = null;

function say(text) {
  const box = $('message');
  box.textContent = text;
  box.hidden = false;
}

function clear() {
  $('message').hidden = true;
  $('message').textContent = '';
}

function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [name, query] = hash.split('?');
  return { page: pages[name] ? name : '', params: new URLSearchParams(query || '') };
}

async function show() {
  const { page, params } = route();
  if (current && current.dispose) current.dispose();
  clearTimeout(timer);
  clear();
  for (const a of document.querySelectorAll('#nav a')) {
    const target = a.getAttribute('href').replace(/^#\/?/, '');
    if (target === page || (page === 'group' && target === 'groups')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const root = replace($('page'));
  current = pages[page].mount(root, params, context);
  await refresh();
}

async function refresh() {
  clearTimeout(timer);
  const page = current;
  try {
    await page.update();
    if (page === current) $('updated').textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      loggedOut();
      return;
    }
    $('updated').textContent = `Update failed: ${e.message}`;
  }
  if (page === current) timer = setTimeout(refresh, page.pollMs || POLL_MS);
}

function setUser(me) {
  context.role = me.role;
  context.name = me.name;
  setCsrf(me.csrf);
  $('login').hidden = true;
  $('nav').hidden = false;
  $('who').textContent = me.auth ? `${me.name} (${me.role})` : 'auth off';
  $('logout').hidden = !me.auth;
}

function loggedIn(me) {
  setUser(me);
  show();
}

function loggedOut() {
  if (current && current.dispose) current.dispose();
  current = null;
  clearTimeout(timer);
  setCsrf(null);
  replace($('page'));
  $('nav').hidden = true;
  $('logout').hidden = true;
  $('who').textContent = '';
  $('login').hidden = false;
  $('token').focus();
}

$('login').addEventListener('submit', async event => {
  event.preventDefault();
  clear();
  try {
    const me = await call('POST', '/console/login', { token: $('token').value });
    $('token').value = '';
    loggedIn(me);
  } catch (e) {
    say(e.status === 401 ? 'That token is not one of the daemon\'s tokens.' : `Login failed: ${e.message}`);
  }
});

$('logout').addEventListener('click', async () => {
  try {
    await call('POST', '/console/logout');
  } finally {
    loggedOut();
  }
});

window.addEventListener('hashchange', () => {
  if (current) show().then(() => $('main').focus());
});

// who is logged in and the page's data are asked for at once: a page that gets 401 shows the login
show();
get('/api/console/session').then(setUser, e => {
  if (e instanceof ApiError && e.status === 401) loggedOut();
  else say(`The daemon did not answer: ${e.message}`);
});
