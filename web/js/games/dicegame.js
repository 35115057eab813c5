// dicegame (SEED-SPEC §6.2, a Farkle variant): renders the broadcast game_state and sends roll,
// select {diceIndex} and set_aside {endTurn}. Banking ("end turn") is set_aside with endTurn
// true, which needs a fully scoring selection: the server has no end_turn message.
import { el } from '../client.js';

const face_glyphs = ['', '⚀', '⚁', '⚂', '⚃', '⚄', '⚅'];

export function mount(root, ctx) {
  let state = null;   // the latest game_state data
  let note = '';      // the last game event worth telling (a bust, the winner)
  let turns_since_note = 0;  // a bust note stays for the next player's turn, then goes

  root.classList.add('dicegame');
  root.append(el('p', { class: 'hint' }, 'Waiting for the game state...'));

  const is_mine = () =>
    state !== null && state.currentTurn !== '' && state.currentTurn === ctx.self();

  function player_rows() {
    const rows = [];
    for (const [id, p] of Object.entries(state.players || {})) {
      const turn = id === state.currentTurn;
      rows.push(el('tr', { 'data-testid': 'player-row', 'data-player-id': id,
                           'data-score': p.score, class: turn ? 'current' : null },
                   el('td', {}, turn ? '▶ ' : '', p.name, id === ctx.self() ? ' (you)' : ''),
                   el('td', { 'data-testid': 'score' }, String(p.score)),
                   el('td', {}, String(p.roundScore)),
                   el('td', {}, String(p.turnScore))));
    }
    return el('table', { 'data-testid': 'scores', class: 'scores' },
              el('thead', {}, el('tr', {}, el('th', {}, 'Player'), el('th', {}, 'Score'),
                                  el('th', {}, 'This turn'), el('th', {}, 'Selected'))),
              el('tbody', {}, rows));
  }

  function dice_row(mine) {
    const selected = new Set(state.selectedDice || []);
    const dice = (state.dice || []).map((face, i) => {
      const chosen = selected.has(i);
      return el('button', {
        type: 'button', 'data-testid': `hold-${i}`, 'data-face': face,
        'data-selected': chosen ? 'true' : 'false',
        class: `die${chosen ? ' selected' : ''}${face === 0 ? ' blank' : ''}`,
        title: face === 0 ? 'not rolled yet' : `${face}${chosen ? ' (selected)' : ''}`,
        disabled: !mine || face === 0,
        onclick: () => ctx.send('select', { diceIndex: i }),
      }, face === 0 ? '·' : `${face_glyphs[face]} ${face}`);
    });
    if (dice.length === 0) dice.push(el('span', { class: 'hint' }, 'No dice rolled yet.'));
    return el('div', { class: 'dice', 'data-testid': 'dice' }, dice);
  }

  function controls(mine) {
    const has_selection = (state.selectedDice || []).length > 0;
    return el('div', { class: 'controls' },
              el('button', { type: 'button', 'data-testid': 'roll', disabled: !mine,
                             onclick: () => ctx.send('roll') }, 'Roll'),
              el('button', { type: 'button', 'data-testid': 'set-aside',
                             disabled: !mine || !has_selection,
                             onclick: () => ctx.send('set_aside', { endTurn: false }) },
                 'Set aside'),
              el('button', { type: 'button', 'data-testid': 'end-turn',
                             disabled: !mine || !has_selection,
                             onclick: () => ctx.send('set_aside', { endTurn: true }) },
                 'Bank & end turn'));
  }

  // A roll scores nothing iff it has no 1, no 5 and no three of a kind (every run holds a 1 or
  // a 5): the server then ends the turn after its bust delay.
  function busted_roll() {
    const dice = state.dice || [];
    if (dice.length === 0 || dice.includes(0)) return false;
    const counts = new Map();
    for (const face of dice) counts.set(face, (counts.get(face) || 0) + 1);
    return !counts.has(1) && !counts.has(5) && ![...counts.values()].some((c) => c >= 3);
  }

  function turn_text(mine) {
    if (state.winner) return `${state.winner} wins!`;
    if (state.started && busted_roll()) return 'No scoring dice: busted! The turn passes shortly.';
    if (!state.started) return 'Waiting for a second player (or add a bot).';
    if (mine) return 'Your turn: roll, pick scoring dice, then set aside or bank.';
    const current = (state.players || {})[state.currentTurn];
    return `${current ? current.name : 'Someone'}'s turn.`;
  }

  function render() {
    if (state === null) return;
    const mine = is_mine();
    root.dataset.started = String(Boolean(state.started));
    root.dataset.currentTurn = state.currentTurn || '';
    root.dataset.myTurn = String(mine);
    root.dataset.winner = state.winner || '';
    root.replaceChildren(
        el('p', { 'data-testid': 'turn', class: 'turn' }, turn_text(mine)),
        player_rows(),
        el('p', { class: 'target' }, `First to ${state.targetScore} points wins.`),
        dice_row(mine),
        el('p', { 'data-testid': 'set-aside-dice', class: 'set-aside' },
           'Set aside this turn: ',
           (state.setAside || []).length ? state.setAside.join(' ') : 'none'),
        controls(mine),
        el('p', { 'data-testid': 'dice-note', class: 'note' }, note));
  }

  return {
    onEnvelope(envelope) {
      if (!envelope.success) return;  // the page's status line shows errors
      if (envelope.type === 'game_state') {
        const previous_turn = state ? state.currentTurn : '';
        state = envelope.data;
        if (state.currentTurn !== previous_turn) turns_since_note += 1;
        if (turns_since_note >= 2) note = '';
        if (state.winner) note = `${state.winner} wins the game.`;
        render();
      } else if (envelope.type === 'busted') {
        const who = envelope.data && envelope.data.clientId === ctx.self()
                        ? 'You' : (envelope.data && envelope.data.name) || 'Someone';
        note = `${who} busted: no scoring dice, the turn's points are lost.`;
        turns_since_note = 0;
        render();
      }
    },
    destroy() {
      root.replaceChildren();
    },
  };
}
