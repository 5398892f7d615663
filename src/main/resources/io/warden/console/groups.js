// Consumer groups of every type (classic, consumer, share, streams) with their lag, sortable by
// any column and filtered by name, type or status; each links to its own page.
import { get } from './api.js';
import { el, num, rate, replace, seconds } from './dom.js';

const COLUMNS = [
  { key: 'group', label: 'Group' },
  { key: 'cluster', label: 'Cluster' },
  { key: 'type', label: 'Type' },
  { key: 'state', label: 'State' },
  { key: 'members', label: 'Members', num: true },
  { key: 'status', label: 'Status' },
  { key: 'lag', label: 'Lag', num: true },
  { key: 'lagSeconds', label: 'Lag (time)', num: true },
  { key: 'trendPerMinute', label: 'Trend /min', num: true },
];
let firstRender = true; // measured once per page load: how long until the table is on screen

function cell(tr, text, cls) {
  const td = document.createElement('td');
  if (cls) td.className = cls;
  if (text !== null) td.textContent = text;
  tr.appendChild(td);
  return td;
}

export function groupLink(cluster, group) {
  return `#/group?cluster=${encodeURIComponent(cluster)}&group=${encodeURIComponent(group)}`;
}

export function mount(root) {
  document.title = 'Consumer groups · Warden';
  let rows = [];
  let sort = { key: 'lag', desc: true };
  const filter = el('input', { id: 'group-filter', type: 'search', placeholder: 'part of a name' });
  const type = el('select', { id: 'group-type' }, el('option', { value: '' }, 'all'),
    ['CLASSIC', 'CONSUMER', 'SHARE', 'STREAMS'].map(t => el('option', { value: t }, t.toLowerCase())));
  const status = el('select', { id: 'group-status' }, el('option', { value: '' }, 'all'),
    ['OK', 'WARN', 'STALL', 'STOP', 'REWIND'].map(s => el('option', { value: s }, s)));
  const count = el('p', { class: 'note', id: 'group-count', 'aria-live': 'polite' });
  const headRow = el('tr');
  const tbody = el('tbody', { id: 'groups-body' });
  const tableEl = el('table', { id: 'groups' }, el('thead', {}, headRow), tbody);

  function header() {
    replace(headRow, COLUMNS.map(c => {
      const active = sort.key === c.key;
      return el('th', { scope: 'col', class: c.num ? 'num' : null,
        'aria-sort': active ? (sort.desc ? 'descending' : 'ascending') : 'none' },
      el('button', { type: 'button', class: 'plain', 'data-sort': c.key, onclick: () => {
        sort = { key: c.key, desc: active ? !sort.desc : !!c.num };
        header();
        body();
      } }, c.label, active ? (sort.desc ? ' ▼' : ' ▲') : ''));
    }));
  }

  function body() {
    const text = filter.value.trim().toLowerCase();
    const shown = rows.filter(r => (!text || r.group.toLowerCase().includes(text))
      && (!type.value || r.type === type.value) && (!status.value || r.status === status.value));
    const dir = sort.desc ? -1 : 1;
    shown.sort((a, b) => {
      const x = a[sort.key] ?? -Infinity;
      const y = b[sort.key] ?? -Infinity;
      return (x < y ? -1 : x > y ? 1 : 0) * dir || a.group.localeCompare(b.group);
    });
    const fragment = document.createDocumentFragment();
    for (const r of shown) { // the hot loop of a page of hundreds of groups: plain DOM calls, text only
      const tr = document.createElement('tr');
      const name = cell(tr, null, 'name');
      const a = document.createElement('a');
      a.href = groupLink(r.cluster, r.group);
      a.textContent = r.group;
      name.appendChild(a);
      cell(tr, r.cluster);
      cell(tr, r.type.toLowerCase());
      cell(tr, r.state);
      cell(tr, String(r.members), 'num');
      cell(tr, r.status, `st-${r.status}`);
      cell(tr, num(r.lag), 'num');
      cell(tr, seconds(r.lagSeconds), 'num');
      cell(tr, rate(r.trendPerMinute), 'num');
      fragment.appendChild(tr);
    }
    tbody.replaceChildren(fragment);
    count.textContent = `${shown.length} of ${rows.length} groups`;
  }

  for (const input of [filter, type, status]) input.addEventListener('input', body);
  header();
  replace(root, el('h1', {}, 'Consumer groups'),
    el('div', { class: 'toolbar', role: 'search' },
      el('label', {}, 'Filter by name', filter), el('label', {}, 'Type', type), el('label', {}, 'Status', status)),
    count, tableEl);
  return {
    async update() {
      rows = await get('/api/console/groups');
      body();
      if (firstRender) {
        firstRender = false;
        performance.mark('warden-groups-rendered');
        tableEl.dataset.rendered = 'true';
      }
    },
  };
}
