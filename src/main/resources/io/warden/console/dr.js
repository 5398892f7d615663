// Each DR pair (a cluster's dr: section): heartbeat, RPO by tier, replication lag per topic,
// checkpoint age per group and MirrorMaker's connectors, as the latest cycle read them.
import { readOnlyPage } from './api.js';
import { el, num, seconds, table, time } from './dom.js';

export function mount(root) {
  return readOnlyPage(root, { title: 'Disaster recovery', id: 'dr', path: '/api/console/dr', render: pairs => pairs.length
    ? pairs.map(pair) : el('p', { class: 'note' }, 'No watched cluster has a dr: section.') });
}

function pair({ cluster, status: s }) {
  const hb = s.heartbeat;
  return el('section', {},
    el('h2', {}, `${s.source} → ${s.target}`),
    el('p', { class: 'note' }, `cluster ${cluster} · read ${time(s.takenAt)}`),
    s.unreadable.map(u => el('p', { class: 'down' }, `Unreadable: ${u}`)),
    s.warnings.map(w => el('p', { class: 'sev-WARNING' }, w)),
    el('p', { class: hb.stale ? 'down' : 'up' }, hb.topicExists
      ? `Heartbeat ${hb.newest ? `${seconds(hb.ageSeconds)} old` : 'none found'}${hb.stale ? ' (stale)' : ''}`
      : 'No heartbeats topic on the DR cluster'),
    el('h3', {}, 'RPO by tier'),
    table(null, ['Tier', { label: 'Target', num: true }, { label: 'Estimate', num: true }, 'State', 'Basis'],
      s.tiers.map(t => [t.tier, { value: seconds(t.targetSeconds), cls: 'num' }, { value: seconds(t.rpoSeconds), cls: 'num' },
        { value: t.state, cls: t.state === 'BREACHED' ? 'down' : t.state === 'within' ? 'up' : null }, t.basis])),
    el('h3', {}, 'Topics'),
    table(null, ['Topic', 'Replica', 'Tier', { label: 'Lag', num: true }, { label: 'Lag (time)', num: true }],
      s.topics.map(t => [{ value: t.topic, cls: 'name' }, t.replicaExists ? t.replica : { value: 'missing', cls: 'down' },
        t.tier ?? '–', { value: num(t.lagRecords), cls: 'num' }, { value: seconds(t.lagSeconds), cls: 'num' }])),
    s.checkpoints.length ? [el('h3', {}, 'Checkpoints'), table(null, ['Group', 'Newest', { label: 'Behind', num: true }, 'State'],
      s.checkpoints.map(c => [{ value: c.group, cls: 'name' }, c.newest ? `${seconds(c.ageSeconds)} old` : 'none',
        { value: String(c.behind), cls: 'num' }, { value: c.stale ? 'stale' : 'ok', cls: c.stale ? 'down' : 'up' }]))] : null,
    s.connectors.length ? [el('h3', {}, 'MirrorMaker connectors'), table(null, ['Connector', 'State', 'Tasks'],
      s.connectors.map(c => [c.name, { value: c.state, cls: c.state === 'RUNNING' ? 'up' : 'down' }, c.tasks.join(', ')]))] : null);
}
