// The audit trail, searched: by type (with its subtypes), cluster and any text in the key or data.
import { get } from './api.js';
import { el, replace, table, time } from './dom.js';

/** An event's data as lines of name=value; nested values as JSON text. */
export function dataLines(data) {
  return Object.entries(data || {}).map(([k, v]) =>
    el('div', {}, `${k}=${v !== null && typeof v === 'object' ? JSON.stringify(v) : v}`));
}

export function mount(root) {
  document.title = 'Audit trail · Warden';
  const type = el('input', { id: 'audit-type', placeholder: 'e.g. heal, silence, alert.fired' });
  const cluster = el('input', { id: 'audit-cluster' });
  const text = el('input', { id: 'audit-text', type: 'search' });
  const form = el('form', { id: 'audit-form', class: 'toolbar', role: 'search' },
    el('label', {}, 'Type', type), el('label', {}, 'Cluster', cluster), el('label', {}, 'Contains', text),
    el('button', { type: 'submit' }, 'Search'));
  const count = el('p', { class: 'note', id: 'audit-count', 'aria-live': 'polite' });
  const results = el('div', { id: 'audit-results' });
  replace(root, el('h1', {}, 'Audit trail'), form, count, results);
  const page = {
    pollMs: 15000, // each search reads the trail's files: not every few seconds
    async update() {
      const query = new URLSearchParams({ type: type.value, cluster: cluster.value, text: text.value, limit: '200' });
      const found = await get(`/api/console/audit?${query}`);
      count.textContent = `${found.matched} events match; the newest ${found.events.length} shown`
        + (found.skippedLines ? `; ${found.skippedLines} unreadable lines skipped` : '');
      replace(results, table(null, ['Time', 'Type', 'Cluster', 'Key', 'Data'], found.events.map(e =>
        [time(e.time), e.type, e.cluster ?? '–', { value: e.key ?? '–', cls: 'name' }, el('div', { class: 'data' }, dataLines(e.data))])));
    },
  };
  form.addEventListener('submit', event => {
    event.preventDefault();
    page.update();
  });
  return page;
}
