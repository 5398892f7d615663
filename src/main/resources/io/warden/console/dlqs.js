// Dead-letter queues (topics matching checks.dlq.patterns): how many messages each holds and how
// many arrived over the history the daemon keeps.
import { readOnlyPage } from './api.js';
import { el, num, seconds, table } from './dom.js';

export function mount(root) {
  return readOnlyPage(root, { title: 'Dead-letter queues', id: 'dlqs', path: '/api/console/dlqs', render: dlqs => dlqs.length
    ? table(null, ['Topic', 'Cluster', { label: 'Partitions', num: true },
        { label: 'Messages', num: true }, { label: 'Arrived', num: true }, 'Over', 'Finding'],
      dlqs.sort((a, b) => b.depth - a.depth).map(d => [{ value: d.topic, cls: 'name' }, d.cluster,
        { value: String(d.partitions), cls: 'num' }, { value: num(d.depth), cls: 'num' }, { value: num(d.added), cls: 'num' },
        seconds(d.sinceSeconds), d.severity ? { value: d.message, cls: `sev-${d.severity}` } : '–']))
    : el('p', { class: 'note' }, 'No topic matches checks.dlq.patterns.') });
}
