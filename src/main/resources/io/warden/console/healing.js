// Self-healing as the audit trail tells it: per incident, each decision with its evidence, the
// attempts and their outcome, escalations and recoveries, newest incident first.
import { get } from './api.js';
import { dataLines } from './audit.js';
import { el, replace, table, time } from './dom.js';

export function mount(root) {
  document.title = 'Healing · Warden';
  const body = el('div', { id: 'healing' });
  replace(root, el('h1', {}, 'Healing'), body);
  return {
    pollMs: 15000, // reads the audit trail's files
    async update() {
      const found = await get('/api/console/audit?type=heal&limit=1000');
      const incidents = new Map();
      const pauses = [];
      for (const e of [...found.events].reverse()) { // oldest first within an incident
        if (!e.key) {
          pauses.push(e);
          continue;
        }
        const id = `${e.cluster ?? ''}\u0000${e.key}`;
        if (!incidents.has(id)) incidents.set(id, { cluster: e.cluster, key: e.key, steps: [] });
        incidents.get(id).steps.push(e);
      }
      const newestFirst = [...incidents.values()].sort((a, b) =>
        b.steps[b.steps.length - 1].time.localeCompare(a.steps[a.steps.length - 1].time));
      replace(body,
        newestFirst.length ? newestFirst.map(incident) : el('p', { class: 'note' }, 'No healing decision has been recorded.'),
        pauses.length ? [el('h2', {}, 'Paused and resumed'), table(null, ['Time', 'Event', 'Reason'],
          pauses.reverse().map(p => [time(p.time), p.type, p.data?.reason ?? '–']))] : null);
    },
  };
}

function incident(i) {
  const last = i.steps[i.steps.length - 1];
  return el('section', { class: 'incident' },
    el('h2', { class: 'name' }, i.key),
    el('p', { class: 'note' }, `cluster ${i.cluster ?? '–'} · latest: ${last.type.replace(/^heal\./, '')} at ${time(last.time)}`),
    table(null, ['Time', 'Step', 'Details'], i.steps.map(s => [time(s.time),
      { value: s.type.replace(/^heal\./, ''), cls: s.type === 'heal.escalated' ? 'sev-CRITICAL' : null },
      el('div', { class: 'data' }, dataLines(s.data))])));
}
