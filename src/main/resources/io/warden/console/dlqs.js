// Dead-letter queues (topics matching checks.dlq.patterns): how many messages each holds and how
// many arrived over the history the daemon keeps; for the one chosen, how old its messages are and
// the error classes its newest records carry, read on demand (the daemon keeps the reading 30 s).
import { get } from './api.js';
import { el, num, replace, seconds, table, time } from './dom.js';

export function mount(root, params) {
  const cluster = params.get('cluster') || '';
  const topic = params.get('topic');
  document.title = 'Dead-letter queues · Warden';
  const list = el('div', { id: 'dlqs' });
  const detail = el('section', { id: 'dlq-detail', 'aria-live': 'polite' });
  replace(root, el('h1', {}, 'Dead-letter queues'), list, topic ? detail : null);
  let reading = false;

  async function read() {
    if (reading) return; // a read still under way answers the next poll
    reading = true;
    const heading = el('h2', { class: 'name' }, topic);
    try {
      const d = await get(`/api/console/dlq?cluster=${encodeURIComponent(cluster)}&topic=${encodeURIComponent(topic)}`);
      replace(detail, heading, ...render(d));
    } catch (e) {
      if (!detail.querySelector('#dlq-errors') || e.status !== 503) {
        replace(detail, heading, el('p', { class: e.status === 503 ? 'note' : 'down' },
          e.status === 503 ? 'Reading its newest records…' : `Could not read it: ${e.message}`));
      }
    } finally {
      reading = false;
    }
  }

  return {
    async update() {
      const dlqs = await get('/api/console/dlqs');
      replace(list, dlqs.length
        ? table(null, ['Topic', 'Cluster', { label: 'Partitions', num: true },
          { label: 'Messages', num: true }, { label: 'Arrived', num: true }, 'Over', 'Finding'],
        dlqs.sort((a, b) => b.depth - a.depth).map(d => [
          el('a', { class: 'name', href: `#/dlqs?cluster=${encodeURIComponent(d.cluster)}&topic=${encodeURIComponent(d.topic)}`,
            'aria-current': d.topic === topic && d.cluster === cluster ? 'true' : null }, d.topic), d.cluster,
          { value: String(d.partitions), cls: 'num' }, { value: num(d.depth), cls: 'num' }, { value: num(d.added), cls: 'num' },
          seconds(d.sinceSeconds), d.severity ? { value: d.message, cls: `sev-${d.severity}` } : '–']))
        : el('p', { class: 'note' }, 'No topic matches checks.dlq.patterns.'));
      if (topic) read();
    },
  };
}

function render(d) {
  const age = iso => (iso ? `${seconds(Math.max(0, Date.now() - Date.parse(iso)) / 1000)} ago` : '–');
  const errors = d.errors.length ? table(null, ['Error class', { label: 'Messages', num: true }, 'Headers', 'Last seen', 'Message'],
    d.errors.map(e => [{ value: e.error, cls: 'name' }, { value: num(e.count), cls: 'num' }, e.source, time(e.lastSeen),
      { value: e.message ?? '–', cls: 'data' }]))
    : el('p', { class: 'note' }, 'It holds no messages.');
  errors.id = 'dlq-errors';
  return [
    el('div', { class: 'cards' },
      card('Oldest message', age(d.oldest), time(d.oldest), 'dlq-oldest'),
      card('Newest message', age(d.newest), time(d.newest), 'dlq-newest'),
      card('Messages', num(d.depth), `read ${time(d.readAt)}`)),
    el('p', { class: 'note' }, d.capped ? `Error classes of the newest ${num(d.sampled)} of ${num(d.depth)} messages:`
      : `Error classes of all ${num(d.sampled)} messages:`),
    errors,
    d.moreClasses ? el('p', { class: 'note' }, `and ${d.moreClasses} more error classes`) : null,
  ];
}

function card(label, value, title, id) {
  return el('div', { class: 'card' }, el('div', { class: 'note' }, label), el('div', { class: 'big', id }, value),
    el('div', { class: 'note' }, title));
}
