// Builds elements from data. Text always goes in as text nodes: names read from a cluster
// (groups, topics, hosts, messages) may contain markup and must show as written.

/** An element with attributes and children; a string child becomes a text node. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces every child of {@code node}. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A table with a header row; {@code rows} are arrays of cells (strings, nodes, or {value, cls}). */
export function table(caption, headers, rows) {
  return el('table', {},
    caption ? el('caption', { class: 'note' }, caption) : null,
    el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col', class: h.num ? 'num' : null }, h.label ?? h)))),
    el('tbody', {}, rows.map(r => el('tr', {}, r.map(cell)))));
}

export function cell(c) {
  if (c !== null && typeof c === 'object' && !(c instanceof Node) && 'value' in c) {
    return el('td', { class: c.cls }, c.value);
  }
  return el('td', {}, c);
}

const NUMBER = new Intl.NumberFormat('en-US');

export function num(n) {
  return n === null || n === undefined ? '–' : NUMBER.format(n);
}

const RATE = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Messages per minute, one decimal. */
export function rate(n) {
  return n === null || n === undefined ? '–' : RATE.format(n);
}

export function seconds(s) {
  if (s === null || s === undefined) return '–';
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '–';
}
