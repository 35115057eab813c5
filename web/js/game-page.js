// The game page shell, one for every game: /ui/game.html?game=<id>&room=<name>.
// It joins the room (or, after a reload or a dropped socket, reconnects to the same seat with the
// session kept in sessionStorage), shows the members, an "Add bot" button and a status line, and
// mounts the game's renderer module js/games/<id>.js, which sees every envelope in order.
import {
  GameClient, clearSession, el, loadPlayerName, loadSession, saveSession, savePlayerName,
} from './client.js';

const params = new URLSearchParams(location.search);
const game = params.get('game') || '';
const room = params.get('room') || '';

const status_line = document.getElementById('status');
const members_list = document.getElementById('members');
const connection_line = document.getElementById('connection');
const add_bot_button = document.getElementById('add-bot');
const leave_link = document.getElementById('leave');
const game_root = document.getElementById('game-root');

function show_status(text, kind = 'info') {
  status_line.textContent = text;
  status_line.dataset.kind = kind;
}

function player_name() {
  let name = loadPlayerName();
  if (!name) {
    name = `Guest ${Math.floor(100 + Math.random() * 900)}`;
    savePlayerName(name);
  }
  return name;
}

// Game ids are plain words; anything else must not become a module path.
function valid_game_id(id) {
  return /^[a-z][a-z0-9_-]{0,31}$/.test(id);
}

const max_reconnect_retries = 5;
let reconnect_retries = 0;
let module_view = null;
let joined = false;
let members_timer = null;
const client = new GameClient({});

async function load_game_names() {
  try {
    const res = await fetch('/api/v1/games', { headers: { Accept: 'application/json' } });
    const body = await res.json();
    const info = (body.games || []).find((g) => g.id === game);
    if (info) {
      document.getElementById('game-name').textContent = info.name;
      document.title = `${info.name} - ${room}`;
      add_bot_button.hidden = !info.botsSupported;
    }
  } catch {
    // the id stays as the title
  }
}

// Names live in the room, not in the WebSocket events: ask the public room route.
function refresh_members_soon() {
  clearTimeout(members_timer);
  members_timer = setTimeout(refresh_members, 150);
}

async function refresh_members() {
  try {
    const res = await fetch(`/api/v1/rooms/${encodeURIComponent(room)}`,
                            { headers: { Accept: 'application/json' } });
    if (!res.ok) return;
    const info = await res.json();
    members_list.replaceChildren(...(info.members || []).map((m) => el(
      'li', { 'data-testid': 'member', 'data-client-id': m.clientId, class: m.bot ? 'bot' : '' },
      m.name || m.clientId, m.bot ? ' (bot)' : '', m.clientId === client.clientId ? ' (you)' : '')));
  } catch {
    // the list stays as it was
  }
}

function send_join() {
  client.send('join_room', { roomId: room, gameType: game, playerName: player_name() });
}

function on_open() {
  connection_line.textContent = 'connected';
  connection_line.dataset.state = 'open';
  const session = loadSession(game, room);
  if (session) {
    show_status('Reconnecting to your seat...');
    client.send('reconnect', {
      clientId: session.clientId, reconnectToken: session.reconnectToken, roomId: room,
    });
  } else {
    show_status('Joining...');
    send_join();
  }
}

function on_envelope(envelope) {
  const data = envelope.data || {};
  switch (envelope.type) {
    case 'join_room_result':
    case 'reconnect_result':
      if (envelope.success) {
        joined = true;
        reconnect_retries = 0;
        add_bot_button.disabled = false;
        saveSession({
          game, roomId: data.roomId || room, clientId: data.clientId,
          reconnectToken: data.reconnectToken || '',
        });
        show_status(envelope.type === 'join_room_result' ? `Joined room ${room}`
                                                         : `Back in room ${room}`);
        refresh_members_soon();
      } else if (envelope.type === 'reconnect_result' && envelope.code === 'SESSION_EXPIRED' &&
                 reconnect_retries < max_reconnect_retries) {
        // After a reload the server may not have seen the old socket close yet, so the session
        // is not stored yet: ask again shortly before giving the seat up.
        reconnect_retries += 1;
        setTimeout(() => { if (client.isOpen) on_open(); }, 400);
      } else if (envelope.type === 'reconnect_result') {
        // The seat is gone (room closed, session expired): start over as a new player.
        clearSession(game, room);
        show_status(`Could not restore your seat (${envelope.error}); joining again`, 'error');
        send_join();
      } else {
        show_status(`Could not join: ${envelope.error}`, 'error');
      }
      break;
    case 'client_joined':
    case 'client_left':
      refresh_members_soon();
      break;
    case 'add_bot_result':
      if (envelope.success) {
        show_status('A bot joined');
        refresh_members_soon();
      } else {
        show_status(`Bot refused: ${envelope.error}`, 'error');
      }
      break;
    case 'room_closed':
      joined = false;
      add_bot_button.disabled = true;
      clearSession(game, room);
      show_status('The room was closed', 'error');
      break;
    default:
      if (envelope.success === false) show_status(envelope.error || 'error', 'error');
  }
  if (module_view) {
    try {
      module_view.onEnvelope(envelope);
    } catch (err) {
      // One bad envelope must not stop the page; reported like an uncaught error (the console,
      // and the browser tests' pageerror check) without unwinding this handler.
      reportError(err);
    }
  }
}

async function mount_game() {
  // Each game's own styles: web/css/<game>.css, next to site.css.
  document.head.append(el('link', { rel: 'stylesheet', href: `/ui/css/${game}.css` }));
  try {
    const mod = await import(`./games/${game}.js`);
    module_view = mod.mount(game_root, {
      self: () => client.clientId,
      send: (type, data) => client.send(type, data),
      playerName: player_name(),
    });
  } catch (err) {
    reportError(err);
    game_root.replaceChildren(el('p', { class: 'error' }, `No page for game "${game}" yet.`));
  }
}

async function main() {
  document.getElementById('game-name').textContent = game;
  document.getElementById('room-name').textContent = room;
  if (!valid_game_id(game) || !room) {
    show_status('This page needs ?game=<id>&room=<name>; pick a room in the lobby.', 'error');
    return;
  }
  load_game_names();
  add_bot_button.addEventListener('click', () => client.send('add_bot'));
  leave_link.addEventListener('click', (event) => {
    event.preventDefault();
    clearSession(game, room);
    if (joined) client.send('leave_room');
    // Give leave_room a moment to go out before the page unloads.
    setTimeout(() => { location.href = '/'; }, 150);
  });
  client.addEventListener('open', on_open);
  client.addEventListener('envelope', (event) => on_envelope(event.detail));
  client.addEventListener('close', () => {
    joined = false;
    add_bot_button.disabled = true;
    connection_line.textContent = 'reconnecting...';
    connection_line.dataset.state = 'closed';
  });
  await mount_game();  // before connecting, so the module sees every envelope
  client.connect();
}

main();
