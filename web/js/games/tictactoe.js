// Tic-tac-toe: a 3x3 board of buttons (cell-<row>-<col>), whose turn, your symbol, the result,
// and "Play again" once the game is over (restart_game; any room member may send it).
// The view is the game's `game_state` {board, players: {id: {symbol, name}}, currentTurn, winner,
// gameOver, drawGame}; our symbol is our entry in `players`.
import { el } from '../client.js';

export function mount(root, ctx) {
  let state = null;

  const turn_line = el('p', { class: 'ttt-turn', 'data-testid': 'turn' });
  const symbol_line = el('p', { class: 'ttt-symbol', 'data-testid': 'symbol' });
  const result_slot = el('div', { class: 'ttt-result-slot' });
  const cells = [];
  const board = el('div', { class: 'ttt-board', role: 'grid', 'data-testid': 'board' });
  for (let row = 0; row < 3; row += 1) {
    cells.push([]);
    for (let col = 0; col < 3; col += 1) {
      const cell = el('button', {
        type: 'button', class: 'ttt-cell', 'data-testid': `cell-${row}-${col}`,
        'aria-label': `row ${row + 1} column ${col + 1}`,
        onclick: () => ctx.send('make_move', { row, col }),
      });
      cells[row].push(cell);
      board.append(cell);
    }
  }
  const again = el('button', {
    type: 'button', 'data-testid': 'restart', class: 'ttt-restart',
    onclick: () => ctx.send('restart_game'),
  }, 'Play again');
  root.replaceChildren(el('div', { class: 'ttt' }, symbol_line, turn_line, board, result_slot));

  function symbol_of(id) {
    return state && state.players && state.players[id] ? state.players[id].symbol : '';
  }

  function render() {
    if (!state) return;
    const me = ctx.self();
    const my_symbol = symbol_of(me);
    const seated = Boolean(my_symbol);
    const my_turn = !state.gameOver && state.currentTurn === me && seated;
    for (let row = 0; row < 3; row += 1) {
      for (let col = 0; col < 3; col += 1) {
        const mark = (state.board && state.board[row] && state.board[row][col]) || '';
        const cell = cells[row][col];
        cell.textContent = mark;
        cell.dataset.mark = mark;
        cell.disabled = !my_turn || mark !== '';
      }
    }
    board.dataset.myTurn = my_turn ? 'true' : 'false';
    symbol_line.textContent = seated ? `You play ${my_symbol}` : 'You are watching';
    const players = Object.keys(state.players || {}).length;
    if (state.gameOver) {
      turn_line.textContent = 'Game over';
    } else if (players < 2) {
      turn_line.textContent = 'Waiting for a second player (or add a bot)';
    } else if (my_turn) {
      turn_line.textContent = 'Your turn';
    } else {
      turn_line.textContent = `${symbol_of(state.currentTurn) || '?'} to move`;
    }
    turn_line.dataset.myTurn = my_turn ? 'true' : 'false';
    if (state.gameOver) {
      let text;
      if (state.drawGame) text = 'Draw!';
      else if (state.winner && state.winner === me) text = 'You won!';
      else if (state.winner) text = `${symbol_of(state.winner) || 'The other player'} won - you lost!`;
      else text = 'Game over - the other player left';
      result_slot.replaceChildren(
        el('p', { class: 'ttt-result', 'data-testid': 'result' }, text), again);
    } else {
      result_slot.replaceChildren();
    }
  }

  return {
    onEnvelope(envelope) {
      if (!envelope.success) return;
      if (envelope.type === 'game_state') {
        state = envelope.data;
        render();
      } else if (envelope.type === 'join_room_result' || envelope.type === 'reconnect_result') {
        render();  // our id is known for sure now
      }
    },
    destroy() {
      root.replaceChildren();
    },
  };
}
