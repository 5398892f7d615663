// One group: its lag over the history the daemon keeps (a uPlot chart), what `warden diagnose lag`
// concludes about it (asked for on demand, again once the daemon's 30 s old answer is stale), its
// partitions and members.
import { get } from './api.js';
import { el, num, rate, replace, seconds, table, time } from './dom.js';

export function mount(root, params) {
  const cluster = params.get('cluster') || '';
  const id = params.get('group') || '';
  document.title = 'Group · Warden';
  const heading = el('h1', { class: 'name' }, id);
  const summary = el('div', { class: 'cards', id: 'group-summary' });
  const chartBox = el('div', { class: 'chart', id: 'lag-chart', 'data-points': '0', role: 'img',
    'aria-label': 'Lag over time' });
  const points = el('p', { class: 'note', id: 'lag-points' });
  const details = el('div');
  const diagnosis = el('section', { id: 'group-diagnosis', 'aria-live': 'polite' });
  replace(root, el('p', {}, el('a', { href: '#/groups' }, '← All groups')), heading,
    el('p', { class: 'note' }, `cluster ${cluster}`), summary, el('h2', {}, 'Lag in messages and seconds over the retained history'),
    chartBox, points, el('h2', {}, 'Diagnosis'), diagnosis, details);
  let chart = null;
  let diagnosing = false;
  let diagnosedAt = 0;

  async function diagnose() {
    if (diagnosing || Date.now() - diagnosedAt < DIAGNOSIS_MS) return;
    diagnosing = true;
    try {
      const d = await get(`/api/console/diagnosis?cluster=${encodeURIComponent(cluster)}&group=${encodeURIComponent(id)}`);
      diagnosedAt = Date.now();
      replace(diagnosis,
        el('p', { class: 'note' }, `warden diagnose lag, sampled until ${time(d.takenAt)}: total lag ${num(d.totalLag)}, `,
          el('span', { class: `sev-${d.severity}` }, d.severity)),
        el('pre', { class: 'data' }, d.steps.join('\n')),
        el('h3', {}, 'Recommendation'),
        el('ul', {}, d.recommendations.map(r => el('li', {}, r))));
    } catch (e) {
      if (!diagnosedAt) {
        replace(diagnosis, el('p', { class: e.status === 503 ? 'note' : 'down' }, e.status === 503
          ? 'Sampling the group for a few seconds…' : `Could not diagnose it: ${e.message}`));
      }
    } finally {
      diagnosing = false;
    }
  }

  function draw(history) {
    const data = [history.map(p => p.at / 1000), history.map(p => p.lag), history.map(p => p.lagSeconds)];
    if (!chart) {
      chart = new window.uPlot({
        width: Math.min(900, Math.max(320, root.clientWidth - 20)), height: 260,
        scales: { s: { auto: true } },
        series: [{}, { label: 'lag (messages)', stroke: '#0b57d0', width: 2, fill: 'rgba(11,87,208,0.08)' },
          { label: 'lag (seconds)', stroke: '#8a4b00', width: 2, dash: [6, 4], scale: 's' }],
        axes: [{}, { label: 'messages', size: 70 }, { label: 'seconds', scale: 's', side: 1, size: 60, grid: { show: false } }],
      }, data, chartBox);
    } else {
      chart.setData(data);
    }
    chartBox.dataset.points = String(history.length);
    points.textContent = `${history.length} points`;
  }

  return {
    async update() {
      const g = await get(`/api/console/group?cluster=${encodeURIComponent(cluster)}&group=${encodeURIComponent(id)}`);
      const row = g.group;
      replace(summary,
        card('Lag', num(row.lag), 'group-lag'), card('Lag (time)', seconds(row.lagSeconds)),
        card('Status', row.status, null, `st-${row.status}`), card('State', row.state),
        card('Type', row.type.toLowerCase()), card('Members', String(row.members)),
        card('Trend', `${rate(row.trendPerMinute)} /min`));
      draw(g.history);
      diagnose();
      replace(details,
        el('h2', {}, 'What the checks find'),
        g.findings.length ? el('ul', { id: 'group-findings' }, g.findings.map(f => el('li', {},
          el('span', { class: `sev-${f.severity}` }, f.severity), ' ', f.message)))
          : el('p', { class: 'sev-OK', id: 'group-findings' }, 'No check finds anything wrong with this group.'),
        el('h2', {}, 'Status over time'),
        table(null, ['Since', 'Status'], changes(g.history).map(p => [time(p.at), { value: p.status, cls: `st-${p.status}` }])),
        row.problem ? el('p', { class: 'down' }, `Could not be described: ${row.problem}`) : null,
        el('h2', {}, 'Partitions'),
        table(null, ['Topic', { label: 'Partition', num: true }, { label: 'Offset', num: true },
          { label: 'Log end', num: true }, { label: 'Lag', num: true }, { label: 'Lag (time)', num: true }, 'Status', 'Member'],
        g.partitions.map(p => [p.topic, { value: String(p.partition), cls: 'num' }, { value: num(p.committed), cls: 'num' },
          { value: num(p.logEndOffset), cls: 'num' }, { value: num(p.lag), cls: 'num' },
          { value: seconds(p.lagSeconds), cls: 'num' }, { value: p.status, cls: `st-${p.status}` },
          p.clientId ? `${p.clientId} (${p.host ?? ''})` : '–'])),
        el('h2', {}, 'Members'),
        g.members.length ? table(null, ['Member', 'Client', 'Host', 'Assignment'],
          g.members.map(m => [m.memberId, m.clientId, m.host, m.assignment.join(', ')]))
          : el('p', { class: 'note' }, 'No active members.'));
    },
    dispose() {
      if (chart) chart.destroy();
    },
  };
}

/** How old the diagnosis shown may grow before it is asked for again (the daemon keeps it as long). */
const DIAGNOSIS_MS = 30000;

/** The points where the group's status changed, newest first. */
function changes(history) {
  const out = history.filter((p, i) => i === 0 || p.status !== history[i - 1].status);
  return out.reverse();
}

function card(label, value, id, cls) {
  return el('div', { class: 'card' }, el('div', { class: 'note' }, label),
    el('div', { class: `big ${cls ?? ''}`, id }, value));
}
