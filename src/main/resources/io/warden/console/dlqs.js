// Dead-letter queues (topics matching checks.dlq.patterns): how many messages each holds and how
// many arrived over the history the daemon keeps.
import { get } from './api.js';
import { el, num, replace, seconds, table } from './dom.js';

export function mount(root) {
  document.title = 'Dead-letter queues · Warden';
  const body = el('div', { id: 'dlqs' });
  replace(root, el('h1', {}, 'Dead-letter queues'), body);
  return {
    async update() {
      const dlqs = await get('/api/console/dlqs');
      replace(body, dlqs.length ? table(null, ['Topic', 'Cluster', { label: 'Partitions', num: true },
        { label: 'Messages', num: true }, { label: 'Arrived', num: true }, 'Over', 'Finding'],
      dlqs.sort((a, b) => b.depth - a.depth).map(d => [{ value: d.topic, cls: 'name' }, d.cluster,
        { value: String(d.partitions), cls: 'num' }, { value: num(d.depth), cls: 'num' }, { value: num(d.added), cls: 'num' },
        seconds(d.sinceSeconds), d.severity ? { value: d.message, cls: `sev-${d.severity}` } : '–']))
        : el('p', { class: 'note' }, 'No topic matches checks.dlq.patterns.'));
    },
  };
}
