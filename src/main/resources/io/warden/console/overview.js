// Every watched cluster at a glance: brokers up and down, controller and quorum, partitions by
// state, and the worst findings of its latest cycle.
import { readOnlyPage } from './api.js';
import { el, num, table, time } from './dom.js';

export function mount(root) {
  return readOnlyPage(root, { title: 'Overview', id: 'overview', path: '/api/console/overview', render: clusters =>
    clusters.length ? clusters.map(cluster) : el('p', { class: 'note' }, 'No cycle has ended yet.') });
}

function cluster(c) {
  const up = c.brokers.filter(b => b.up).length;
  const down = c.brokers.length - up;
  const p = c.partitions;
  return el('section', { 'aria-labelledby': `cluster-${c.name}` },
    el('h2', { id: `cluster-${c.name}` }, c.name, ' ', el('span', { class: `sev-${c.worst}` }, `(${c.worst})`)),
    el('p', { class: 'note' }, `cluster id ${c.clusterId ?? 'unknown'} · seen ${time(c.takenAt)}`),
    c.unanswered ? el('p', { class: 'down' }, `Did not answer: ${c.unanswered}`) : null,
    el('div', { class: 'cards' },
      card('Brokers up', `${up} / ${c.brokers.length}`, down ? 'down' : 'up'),
      card('Controller', c.controllerId ?? 'none', c.controllerId == null ? 'down' : null),
      card('Partitions online', `${num(p.online)} / ${num(p.total)}`),
      card('Under-replicated', num(p.underReplicated), p.underReplicated ? 'sev-WARNING' : null),
      card('Offline', num(p.offline), p.offline ? 'down' : null),
      card('Topics', num(c.topics)),
      card('Groups', num(c.groups))),
    el('h3', {}, 'Brokers'),
    table(null, ['Id', 'Host', 'Rack', 'State'], c.brokers.map(b => [String(b.id),
      b.host ? `${b.host}:${b.port}` : '–', b.rack ?? '–', { value: b.up ? 'up' : 'down', cls: b.up ? 'up' : 'down' }])),
    el('h3', {}, 'Metadata quorum'),
    c.quorum ? table(`leader ${c.quorum.leaderId}, epoch ${c.quorum.leaderEpoch}, high watermark ${num(c.quorum.highWatermark)}`,
      ['Node', 'Status', { label: 'Lag', num: true }],
      [...c.quorum.voters, ...c.quorum.observers].map(r => [String(r.nodeId), r.status, { value: num(r.lag), cls: 'num' }]))
      : el('p', { class: 'note' }, 'The quorum was not described.'),
    el('h3', {}, 'Worst findings'),
    c.findings.length ? table(null, ['Severity', 'Check', 'Finding'], c.findings.map(f => [
      { value: f.severity, cls: `sev-${f.severity}` }, f.check, f.message]))
      : el('p', { class: 'sev-OK' }, 'Nothing found.'));
}

function card(label, value, cls) {
  return el('div', { class: 'card' }, el('div', { class: 'note' }, label), el('div', { class: `big ${cls ?? ''}` }, String(value)));
}
