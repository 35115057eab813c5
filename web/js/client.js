// GameClient: one WebSocket to gameserverd's /ws, with a send queue, reconnection after a drop
// (exponential backoff), and the sessionStorage helpers a page uses to get its seat back after
// a reload. Every server frame is a JSON array of envelopes; each one is dispatched in order as
// CustomEvent('envelope', {detail: envelope}).

const backoff_base_ms = 500;
const backoff_max_ms = 10000;

export function default_ws_url(game) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = game ? `?game=${encodeURIComponent(game)}` : '';
  return `${scheme}://${location.host}/ws${query}`;
}

// The page of a game's room (lobby and monitor link to it).
export function game_page_url(game, room) {
  return `/ui/game.html?game=${encodeURIComponent(game)}&room=${encodeURIComponent(room)}`;
}

export class GameClient extends EventTarget {
  constructor({ url, game } = {}) {
    super();
    this.url = url || default_ws_url(game);
    this.queue = [];
    this.ws = null;
    this.id = '';
    this.attempt = 0;
    this.closed_by_us = false;
    this.retry_timer = null;
  }

  get clientId() {
    return this.id;
  }

  get isOpen() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  connect() {
    this.closed_by_us = false;
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.addEventListener('open', () => {
      this.attempt = 0;
      this.dispatchEvent(new CustomEvent('open'));
      // 'open' listeners may send (e.g. reconnect) before the queued messages go out.
      const pending = this.queue;
      this.queue = [];
      for (const text of pending) ws.send(text);
    });
    ws.addEventListener('message', (event) => this.on_message(event.data));
    ws.addEventListener('close', (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.dispatchEvent(new CustomEvent('close', { detail: { code: event.code, reason: event.reason } }));
      if (!this.closed_by_us) this.schedule_reconnect();
    });
  }

  // Closes for good (no reconnect).
  close() {
    this.closed_by_us = true;
    clearTimeout(this.retry_timer);
    if (this.ws) this.ws.close();
  }

  send(type, data) {
    const text = JSON.stringify(data === undefined ? { type } : { type, data });
    if (this.isOpen) this.ws.send(text);
    else this.queue.push(text);
  }

  schedule_reconnect() {
    const delay = Math.min(backoff_max_ms, backoff_base_ms * 2 ** this.attempt);
    this.attempt += 1;
    const jitter = delay * (0.8 + Math.random() * 0.4);
    this.retry_timer = setTimeout(() => this.connect(), jitter);
  }

  on_message(text) {
    let envelopes;
    try {
      envelopes = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(envelopes)) envelopes = [envelopes];
    for (const envelope of envelopes) {
      if (!envelope || typeof envelope !== 'object') continue;
      const data = envelope.data;
      if (envelope.type === 'welcome') {
        if (data && typeof data.clientId === 'string') this.id = data.clientId;
        this.dispatchEvent(new CustomEvent('welcome', { detail: envelope }));
      } else if (envelope.success && data && typeof data.clientId === 'string' &&
                 (envelope.type === 'join_room_result' || envelope.type === 'reconnect_result')) {
        this.id = data.clientId;  // the server's word wins
      }
      this.dispatchEvent(new CustomEvent('envelope', { detail: envelope }));
    }
  }
}

// sessionStorage survives a reload of the same tab (and not other tabs): one entry per room.
function session_key(game, roomId) {
  return `gameserver.session.${game}.${roomId}`;
}

export function saveSession({ game, roomId, clientId, reconnectToken }) {
  try {
    sessionStorage.setItem(session_key(game, roomId),
                           JSON.stringify({ game, roomId, clientId, reconnectToken }));
  } catch {
    // storage may be disabled; the page then simply cannot reconnect after a reload
  }
}

export function loadSession(game, roomId) {
  try {
    const text = sessionStorage.getItem(session_key(game, roomId));
    if (!text) return null;
    const session = JSON.parse(text);
    return session && session.clientId ? session : null;
  } catch {
    return null;
  }
}

export function clearSession(game, roomId) {
  try {
    sessionStorage.removeItem(session_key(game, roomId));
  } catch {
    // nothing to clear
  }
}

// The player name the lobby asked for, remembered across visits.
export function loadPlayerName() {
  try {
    return localStorage.getItem('gameserver.playerName') || '';
  } catch {
    return '';
  }
}

export function savePlayerName(name) {
  try {
    localStorage.setItem('gameserver.playerName', name);
  } catch {
    // not remembered
  }
}

// Small DOM helper for every page: el('div', {class: 'x', 'data-testid': 'y'}, child, 'text').
// Text children become text nodes, never HTML, because names are user input.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
