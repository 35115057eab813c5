// The monitor: rooms, connections and message rates, refreshed every 2 s. With an admin token
// (kept in sessionStorage) it reads /api/v1/admin/info and /api/v1/admin/rooms (members, ages,
// per-room message rates); without, the public /api/v1/rooms and /metrics.
import { el, game_page_url } from './client.js';

const refresh_ms = 2000;
const token_key = 'gameserver.adminToken';

const status_line = document.getElementById('status');
const summary = document.getElementById('summary');
const rooms_head = document.getElementById('rooms-head');
const rooms_body = document.getElementById('rooms');
const token_input = document.getElementById('token');
const updated = document.getElementById('updated');

// Message rates from /metrics: the difference of the totals between two refreshes.
let last_totals = null;

function token() {
  try {
    return sessionStorage.getItem(token_key) || '';
  } catch {
    return '';
  }
}

function set_status(text, kind = 'info') {
  status_line.textContent = text;
  status_line.dataset.kind = kind;
}

async function get_json(path, bearer) {
  const headers = { Accept: 'application/json' };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  const res = await fetch(path, { headers, cache: 'no-store' });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${path}: ${res.status} ${body.error || ''}`.trim());
  return body;
}

// Sums every sample of each metric family (labels added up).
function parse_metrics(text) {
  const sums = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const value = Number(match[3]);
    if (Number.isFinite(value)) sums[match[1]] = (sums[match[1]] || 0) + value;
  }
  return sums;
}

function rate(name, sums, now) {
  if (!last_totals || !(name in sums)) return '';
  const seconds = (now - last_totals.at) / 1000;
  if (seconds <= 0) return '';
  return ((sums[name] - (last_totals.sums[name] || 0)) / seconds).toFixed(1);
}

function row(label, value, testid) {
  return el('tr', {}, el('th', {}, label), el('td', { 'data-testid': testid }, String(value)));
}

function head(...names) {
  rooms_head.replaceChildren(el('tr', {}, ...names.map((n) => el('th', {}, n))));
}

function room_link(r) {
  return el('a', { href: game_page_url(r.gameType, r.roomId) }, r.roomId);
}

async function refresh_admin(bearer) {
  const [info, rooms] = await Promise.all([
    get_json('/api/v1/admin/info', bearer), get_json('/api/v1/admin/rooms', bearer)]);
  const counts = info.counts || {};
  summary.replaceChildren(
    row('Version', info.version, 'version'),
    row('Uptime', `${Math.round(Number(info.uptimeSeconds) || 0)} s`, 'uptime'),
    row('Connections', counts.connections, 'connections'),
    row('Rooms', counts.rooms, 'room-count'),
    row('Room members (bots included)', counts.members, 'members'),
    row('Reconnect sessions', counts.sessions, 'sessions'),
    row('Draining', info.drain && info.drain.draining ? 'yes' : 'no', 'draining'));
  head('Room', 'Game', 'Members', 'Started', 'Age', 'In/s', 'Out/s', 'In', 'Out');
  rooms_body.replaceChildren(...(rooms.rooms || []).map((r) => el(
    'tr', { 'data-testid': `room-${r.roomId}` },
    el('td', {}, room_link(r)), el('td', {}, r.gameType),
    el('td', {}, (r.members || []).map((m) => `${m.name || m.clientId}${m.bot ? ' (bot)' : ''}`).join(', ')),
    el('td', {}, r.started ? 'yes' : 'no'),
    el('td', { class: 'num' }, `${Math.round((r.ageMs || 0) / 1000)} s`),
    el('td', { class: 'num' }, Number(r.messagesInPerSecond || 0).toFixed(1)),
    el('td', { class: 'num' }, Number(r.messagesOutPerSecond || 0).toFixed(1)),
    el('td', { class: 'num' }, r.messagesIn), el('td', { class: 'num' }, r.messagesOut))));
  set_status('Admin view');
}

async function refresh_public() {
  const [rooms, metrics_text] = await Promise.all([
    get_json('/api/v1/rooms'),
    fetch('/metrics', { cache: 'no-store' }).then((res) => res.text())]);
  const sums = parse_metrics(metrics_text);
  const now = Date.now();
  summary.replaceChildren(
    row('Connections', sums.gameserver_connections_open ?? '?', 'connections'),
    row('Rooms', sums.gameserver_rooms ?? (rooms.rooms || []).length, 'room-count'),
    row('Room members (bots included)', sums.gameserver_room_members ?? '?', 'members'),
    row('Reconnect sessions', sums.gameserver_sessions ?? '?', 'sessions'),
    row('Messages in/s', rate('gameserver_messages_in_total', sums, now), 'rate-in'),
    row('Messages out/s', rate('gameserver_messages_out_total', sums, now), 'rate-out'));
  last_totals = { at: now, sums };
  head('Room', 'Game', 'Members', 'Started');
  rooms_body.replaceChildren(...(rooms.rooms || []).map((r) => el(
    'tr', { 'data-testid': `room-${r.roomId}` },
    el('td', {}, room_link(r)), el('td', {}, r.gameType),
    el('td', { class: 'num' }, r.playerCount), el('td', {}, r.started ? 'yes' : 'no'))));
  set_status('Public view (enter an admin token for members and per-room rates)');
}

async function refresh() {
  const bearer = token();
  try {
    if (bearer) await refresh_admin(bearer);
    else await refresh_public();
    updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } catch (err) {
    set_status(String(err.message || err), 'error');
  }
}

document.getElementById('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  try {
    sessionStorage.setItem(token_key, token_input.value.trim());
  } catch {
    // not kept
  }
  refresh();
});
document.getElementById('forget').addEventListener('click', () => {
  try {
    sessionStorage.removeItem(token_key);
  } catch {
    // nothing kept
  }
  token_input.value = '';
  refresh();
});
token_input.value = token();
refresh();
setInterval(refresh, refresh_ms);
