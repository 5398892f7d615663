// Alerts pending or firing, each with the silences that hold it, and the silences in force.
// Operators add and expire silences; a viewer's attempt is refused by the daemon, and said so.
import { call, get } from './api.js';
import { el, replace, table, time } from './dom.js';

const escapeRegex = text => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function mount(root, params, context) {
  document.title = 'Alerts · Warden';
  const alertsBox = el('div', { id: 'alerts' });
  const silencesBox = el('div', { id: 'silences' });
  const label = el('input', { id: 'silence-label', value: 'group', required: true });
  const regex = el('input', { id: 'silence-regex', required: true });
  const duration = el('input', { id: 'silence-duration', value: '1h', required: true, size: 6 });
  const comment = el('input', { id: 'silence-comment' });
  const form = el('form', { id: 'silence-form', class: 'toolbar' },
    el('label', {}, 'Label', label), el('label', {}, 'Regex', regex), el('label', {}, 'For', duration),
    el('label', {}, 'Comment', comment), el('button', { type: 'submit' }, 'Add silence'));
  const roleNote = el('p', { class: 'note', id: 'role-note', hidden: true },
    'You are logged in as a viewer: adding and expiring silences needs an operator token.');
  // one alert asked for by its link (an Alertmanager generatorURL): only it is listed, with a way back to all
  const only = params.get('key') ? { cluster: params.get('cluster'), key: params.get('key') } : null;
  const onlyNote = only ? el('p', { class: 'note', id: 'only-alert' }, `Showing the alert ${only.key}`
    + (only.cluster ? ` on ${only.cluster}` : '') + ' only. ', el('a', { href: '#/alerts' }, 'All alerts')) : null;
  replace(root, el('h1', {}, 'Alerts'), onlyNote, alertsBox, el('h2', {}, 'Silences'), roleNote, form, silencesBox);

  async function change(method, path, body) {
    context.clear();
    try {
      await call(method, path, body);
      await page.update();
    } catch (e) {
      context.say(e.status === 403 ? `Refused: ${e.message}` : `Failed: ${e.message}`);
    }
  }

  form.addEventListener('submit', event => {
    event.preventDefault();
    change('POST', '/api/silences', { matchers: { [label.value]: regex.value }, duration: duration.value,
      comment: comment.value });
  });

  const page = {
    async update() {
      roleNote.hidden = context.role === 'operator';
      const [all, silences] = await Promise.all([get('/api/console/alerts'), get('/api/silences')]);
      const alerts = only ? all.filter(({ alert: a }) => a.key === only.key && (!only.cluster || a.cluster === only.cluster))
        : all;
      replace(alertsBox, alerts.length ? table(null, ['Severity', 'Cluster', 'Alert', 'Since', 'State', 'Silenced', ''],
        alerts.map(({ alert: a, silencedBy }) => [
          { value: a.severity, cls: `sev-${a.severity}` }, a.cluster,
          el('div', {}, el('div', { class: 'name' }, a.key), el('div', {}, a.finding.message),
            a.runbook ? el('div', { class: 'note' }, `Next: ${a.runbook}`) : null),
          time(a.firingSince ?? a.activeSince), a.firingSince ? 'firing' : 'pending',
          silencedBy.length ? { value: `silenced by ${silencedBy.join(', ')}`, cls: 'silenced' } : 'no',
          el('button', { type: 'button', 'data-silence-key': a.key,
            onclick: () => change('POST', '/api/silences', { matchers: { key: escapeRegex(a.key) }, duration: '1h',
              comment: `from the console by ${context.name}` }) }, 'Silence 1h'),
        ])) : el('p', { class: 'sev-OK' }, only
          ? `The alert ${only.key} is no longer pending or firing.` : 'No alert is pending or firing.'));
      replace(silencesBox, silences.length ? table(null, ['Id', 'Matchers', 'Ends', 'By', 'Comment', ''],
        silences.map(s => [s.id, Object.entries(s.matchers).map(([k, v]) => `${k}=~${v}`).join(', '), time(s.endsAt),
          s.createdBy, s.comment,
          el('button', { type: 'button', 'data-expire': s.id,
            onclick: () => change('DELETE', `/api/silences/${encodeURIComponent(s.id)}`) }, 'Expire')]))
        : el('p', { class: 'note' }, 'No silence is in force.'));
    },
  };
  return page;
}
