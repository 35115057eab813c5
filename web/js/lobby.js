// The lobby: every game from GET /api/v1/games with its live rooms. One WebSocket per game,
// opened with ?game=<id>, receives that game's room_list_update pushes; get_room_list asks for
// the current list on every (re)connect. Joining goes to the game page, which joins or creates.
import { GameClient, el, game_page_url, loadPlayerName, savePlayerName } from './client.js';

const games_box = document.getElementById('games');
const status_line = document.getElementById('status');
const form = document.getElementById('join-form');
const name_input = document.getElementById('player-name');
const game_select = document.getElementById('game-select');
const room_input = document.getElementById('room-name');

function open_room(game, room) {
  const name = name_input.value.trim();
  if (!name) {
    status_line.textContent = 'Please enter your name first.';
    status_line.dataset.kind = 'error';
    name_input.focus();
    return;
  }
  savePlayerName(name);
  location.href = game_page_url(game, room);
}

function render_rooms(list, game, rooms) {
  const sorted = [...rooms].sort((a, b) => a.roomId.localeCompare(b.roomId));
  if (sorted.length === 0) {
    list.replaceChildren(el('li', { class: 'muted' }, 'No rooms yet'));
    return;
  }
  list.replaceChildren(...sorted.map((r) => el(
    'li', { 'data-testid': `room-${game}-${r.roomId}`, 'data-room': r.roomId },
    el('span', {}, r.roomId, el('span', { class: 'muted' },
                                ` ${r.playerCount} in room${r.started ? ', playing' : ''}`)),
    el('button', { type: 'button', class: 'secondary', 'data-testid': `open-${game}-${r.roomId}`,
                   onclick: () => open_room(game, r.roomId) }, 'Open'))));
}

function game_card(info) {
  const list = el('ul', { 'data-testid': `rooms-${info.id}` }, el('li', { class: 'muted' }, 'Loading...'));
  let seats = `${info.minPlayers}+ players`;
  if (info.maxPlayers > 0) {
    seats = info.minPlayers === info.maxPlayers ? `${info.maxPlayers} players`
                                                : `${info.minPlayers}-${info.maxPlayers} players`;
  }
  const card = el('section', { class: 'game-card', 'data-testid': `game-${info.id}` },
    el('h2', {}, info.name),
    el('p', { class: 'muted' }, seats, info.botsSupported ? ', bots available' : ''),
    list);
  const client = new GameClient({ game: info.id });
  client.addEventListener('open', () => client.send('get_room_list', { gameType: info.id }));
  client.addEventListener('envelope', (event) => {
    const envelope = event.detail;
    if (envelope.type === 'room_list_update' && envelope.success && Array.isArray(envelope.data)) {
      render_rooms(list, info.id, envelope.data);
    }
  });
  client.connect();
  return card;
}

async function main() {
  name_input.value = loadPlayerName();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const room = room_input.value.trim();
    if (room) open_room(game_select.value, room);
  });
  let games = [];
  try {
    const res = await fetch('/api/v1/games', { headers: { Accept: 'application/json' } });
    games = (await res.json()).games || [];
  } catch (err) {
    status_line.textContent = `Cannot reach the server: ${err}`;
    status_line.dataset.kind = 'error';
    return;
  }
  for (const info of games) {
    game_select.append(el('option', { value: info.id }, info.name));
    games_box.append(game_card(info));
  }
}

main();
