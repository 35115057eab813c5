// owedrahn, "Owe Drahn" (SEED-SPEC §6.3): a shared counter, one die per turn (a 3 counts 0),
// above 15 you are out. Renders game_state (and gameInit, its copy after the reset), tells the
// dice as text from rolledDice/lostLife/gameOver, and sends handshake, ready <bool>, roll,
// loseLife, chooseNextPlayer, set_main_bet and the side-bet messages.
import { el } from '../client.js';

const min_counter_to_lose_life = 10;  // the server refuses loseLife below this (and at 1 life)
const bet_status = ['pending', 'accepted', 'declined', 'resolved'];

export function mount(root, ctx) {
  let state = null;   // the latest game_state / gameInit data
  let bets = [];      // side bets: from game_state, and from the sidebet_*_result events
  let last_roll = ''; // the dice result as text
  let note = '';      // the last event worth telling (a lost life, the winner, a leaver)

  root.classList.add('owedrahn');
  const info = el('p', { 'data-testid': 'owedrahn-info', class: 'turn' },
                  'Waiting for the game state...');
  const counter = el('p', { 'data-testid': 'counter', class: 'counter' });
  const dice_result = el('p', { 'data-testid': 'dice-result', class: 'dice-result' });
  const note_line = el('p', { 'data-testid': 'owedrahn-note', class: 'note' });
  const players = el('table', { 'data-testid': 'players', class: 'scores' });
  const turn_controls = el('div', { class: 'controls' });

  const main_bet_input = el('input', { type: 'number', min: '0.5', step: '0.5', value: '1',
                                       'data-testid': 'main-bet-input', 'aria-label': 'Main bet' });
  const main_bet_line = el('p', { 'data-testid': 'main-bet' });
  const main_bet_form = el('form', { class: 'bet', onsubmit: (event) => {
    event.preventDefault();
    ctx.send('set_main_bet', { amount: Number(main_bet_input.value) });
  } }, 'Main bet ', main_bet_input, ' ',
    el('button', { type: 'submit', 'data-testid': 'set-main-bet' }, 'Set main bet'));

  const opponent_select = el('select', { 'data-testid': 'sidebet-opponent',
                                         'aria-label': 'Side bet opponent' });
  const side_amount = el('input', { type: 'number', min: '0.5', step: '0.5', value: '1',
                                    'data-testid': 'sidebet-amount',
                                    'aria-label': 'Side bet amount' });
  const side_form = el('form', { class: 'bet', onsubmit: (event) => {
    event.preventDefault();
    if (!opponent_select.value) return;
    ctx.send('sidebet_propose',
             { opponentId: opponent_select.value, amount: Number(side_amount.value) });
  } }, 'Side bet against ', opponent_select, ' for ', side_amount, ' ',
    el('button', { type: 'submit', 'data-testid': 'sidebet-propose' }, 'Propose'));
  const bet_list = el('ul', { 'data-testid': 'sidebets', class: 'sidebets' });

  root.append(info, counter, dice_result, note_line, players, turn_controls,
              el('h3', {}, 'Bets'), main_bet_line, main_bet_form, side_form, bet_list);

  const me = () => (state ? (state.players || []).find((p) => p.id === ctx.self()) : undefined);
  const name_of = (id) => {
    const p = state && (state.players || []).find((q) => q.id === id);
    return p ? p.username : 'someone';
  };

  function player_rows() {
    const rows = (state.players || []).map((p, i) => {
      const turn = state.started && p.id === state.currentTurn;
      const life = p.life > 0 ? '♥'.repeat(p.life) : 'out';
      return el('tr', { 'data-testid': `player-${i}`, 'data-player-id': p.id, 'data-life': p.life,
                        'data-ready': String(p.ready), class: turn ? 'current' : null },
                el('td', { 'data-testid': 'player-name' }, turn ? '▶ ' : '', p.username,
                   p.id === ctx.self() ? ' (you)' : '', p.connected ? '' : ' (away)'),
                el('td', { class: 'life', title: `${p.life} lives` }, life),
                el('td', {}, state.started ? (p.choosing ? 'choosing' : '')
                                           : (p.ready ? 'ready' : 'not ready')),
                el('td', {}, `balance ${format_amount(p.balance)}`));
    });
    players.replaceChildren(
        el('thead', {}, el('tr', {}, el('th', {}, 'Player'), el('th', {}, 'Life'),
                            el('th', {}, ''), el('th', {}, 'Balance'))),
        el('tbody', {}, rows));
  }

  function controls() {
    const self = me();
    const parts = [];
    if (self && !state.started) {
      parts.push(el('button', { type: 'button', 'data-testid': 'ready',
                                'data-ready': String(self.ready),
                                onclick: () => ctx.send('ready', !self.ready) },
                    self.ready ? 'Not ready' : 'Ready'));
    }
    const mine = Boolean(self) && state.started && !state.over && state.currentTurn === self.id;
    if (mine) {
      parts.push(el('button', { type: 'button', 'data-testid': 'roll',
                                onclick: () => ctx.send('roll') }, 'Roll'));
      const can_owe =
        self.life > 1 && state.currentValue >= min_counter_to_lose_life && !self.choosing;
      parts.push(el('button', { type: 'button', 'data-testid': 'lose-life', disabled: !can_owe,
                                title: 'needs more than one life and a counter of ' +
                                       `${min_counter_to_lose_life} or more`,
                                onclick: () => ctx.send('loseLife') }, 'Owe drahn (lose a life)'));
      if (self.choosing) {
        parts.push(el('span', {}, ' or pick who plays next: '));
        (state.players || []).forEach((p, i) => {
          if (p.life <= 0) return;
          const choose = () => ctx.send('chooseNextPlayer', { nextPlayerId: p.id });
          parts.push(el('button', { type: 'button', 'data-testid': `choose-${i}`, onclick: choose },
                        p.id === self.id ? 'Me' : p.username));
        });
      }
    }
    turn_controls.replaceChildren(...parts);
  }

  function info_text() {
    const self = me();
    if (state.over) return 'Game over: a new round starts in a few seconds.';
    if (!state.started) {
      if (!self) return 'Watching: the game has started without you.';
      return 'Waiting: the game starts when every player is ready.';
    }
    if (self && state.currentTurn === self.id) {
      return self.choosing ? 'You owed drahn: roll yourself or choose who plays next.'
                           : 'Your turn: roll.';
    }
    return `${name_of(state.currentTurn)}'s turn.`;
  }

  function bet_button(testid, type, bet, label) {
    return el('button', { type: 'button', 'data-testid': testid,
                          onclick: () => ctx.send(type, { betId: bet.id }) }, label);
  }

  function render_bets() {
    const self = me();
    const started = Boolean(state && state.started);
    main_bet_line.textContent = `Main bet: ${format_amount(state ? state.mainBet : 1)}` +
                                ' (each loser pays it to the winner).';
    main_bet_form.hidden = started;
    side_form.hidden = started || !self || (state ? state.players || [] : []).length < 2;
    const current = opponent_select.value;
    opponent_select.replaceChildren(...(state ? state.players || [] : [])
        .filter((p) => !self || p.id !== self.id)
        .map((p) => el('option', { value: p.id }, p.username)));
    if (current) opponent_select.value = current;
    bet_list.replaceChildren(...bets.map((bet, i) => {
      const actions = [];
      if (self && bet.status === 0 && bet.opponentId === self.id) {
        actions.push(bet_button(`sidebet-accept-${i}`, 'sidebet_accept', bet, 'Accept'),
                     bet_button(`sidebet-decline-${i}`, 'sidebet_decline', bet, 'Decline'));
      }
      if (self && bet.status === 0 && bet.challengerId === self.id) {
        actions.push(bet_button(`sidebet-cancel-${i}`, 'sidebet_cancel', bet, 'Cancel'));
      }
      return el('li', { 'data-testid': `sidebet-${i}`, 'data-status': bet.status },
                `${bet.challengerName} vs ${bet.opponentName}: ${format_amount(bet.amount)} `,
                `(${bet_status[bet.status] || bet.status}) `, ...actions);
    }));
  }

  function render() {
    if (state === null) return;
    const self = me();
    root.dataset.started = String(Boolean(state.started));
    root.dataset.over = String(Boolean(state.over));
    root.dataset.currentTurn = state.currentTurn || '';
    root.dataset.myTurn = String(Boolean(self) && state.started && !state.over &&
                                 state.currentTurn === self.id);
    info.textContent = info_text();
    counter.textContent = `Counter: ${state.currentValue} / 15`;
    counter.dataset.value = String(state.currentValue);
    dice_result.textContent = last_roll;
    note_line.textContent = note;
    player_rows();
    controls();
    render_bets();
  }

  function take_state(data) {
    state = data;
    bets = Array.isArray(data.sideBets) ? data.sideBets : [];
  }

  // The side-bet events carry {betId, bets}, except sidebet_cancel_result: the bare array.
  function take_bets(data) {
    const list = Array.isArray(data) ? data : data && data.bets;
    if (!Array.isArray(list)) return;
    bets = list;
  }

  function greet() {
    ctx.send('handshake', { uid: '' });  // anonymous; marks the seat connected
  }

  return {
    onEnvelope(envelope) {
      if (!envelope.success) return;  // the page's status line shows errors
      const data = envelope.data ?? {};
      switch (envelope.type) {
        case 'join_room_result':
        case 'reconnect_result':
          greet();
          break;
        case 'game_state':
        case 'gameInit':
          if (data && typeof data === 'object') take_state(data);
          if (envelope.type === 'gameInit') {
            note = 'A new round: press Ready to play again.';
            last_roll = '';
          }
          break;
        case 'gameStarted':
          note = 'The game has started.';
          last_roll = '';
          break;
        case 'rolledDice': {
          const who = data.player ? data.player.username : 'Someone';
          const shown = data.dice === 3 ? '3 (counts 0)' : String(data.dice);
          last_roll = `${who} rolled ${shown}: total ${data.total}` +
                      (data.total > 15 ? ` — ${who} is out!` : '.');
          break;
        }
        case 'lostLife':
          note = `${data.player ? data.player.username : 'Someone'} owed drahn: ` +
                 'lost a life, the counter is back to 0.';
          break;
        case 'gameOver':
          note = data.winner ? `${data.winner} wins the game!` : 'Game over: nobody survived.';
          break;
        case 'playerLeft':
          note = `${(data && data.username) || 'Someone'} left.`;
          break;
        case 'sidebet_propose_result':
        case 'sidebet_accept_result':
        case 'sidebet_decline_result':
        case 'sidebet_cancel_result':
          take_bets(data);
          break;
        default:
          return;  // nothing of ours changed
      }
      render();
    },
    destroy() {
      root.replaceChildren();
    },
  };
}

function format_amount(value) {
  const number = Number(value);
  return Number.isFinite(number) ? String(Math.round(number * 100) / 100) : '?';
}
