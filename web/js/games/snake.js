// snake (GAMES.md "snake"): a real-time game whose game_state arrives every tick (10 per
// second). Draws the grid on a <canvas>, steers with the arrow keys, WASD or the on-screen
// buttons (turn {dir}), and sends ready {ready} before the round and restart after it.
import { el } from '../client.js';

const colors = ['#2e7d32', '#1565c0', '#c62828', '#6a1b9a', '#ef6c00', '#00838f', '#ad1457',
                '#4e342e'];
const keys = {
  ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right',
  w: 'up', s: 'down', a: 'left', d: 'right', W: 'up', S: 'down', A: 'left', D: 'right',
};
const board_pixels = 480;

export function mount(root, ctx) {
  let state = null;       // the latest game_state data
  let result = '';        // the last game_over, as text

  root.classList.add('snake');
  const status = el('p', { 'data-testid': 'snake-status', class: 'turn' },
                    'Waiting for the game state...');
  const canvas = el('canvas', { 'data-testid': 'snake-board', 'data-tick': '0', width: board_pixels,
                                height: board_pixels, class: 'snake-board', tabindex: '0' });
  const ready = el('button', { type: 'button', 'data-testid': 'ready',
                               onclick: () => send_ready() }, 'Ready');
  const restart = el('button', { type: 'button', 'data-testid': 'restart', hidden: true,
                                 onclick: () => ctx.send('restart') }, 'Play again');
  const pad = el('div', { class: 'snake-pad' },
                 ['up', 'left', 'right', 'down'].map((dir) => el('button', {
                   type: 'button', 'data-testid': `turn-${dir}`, class: `turn-${dir}`,
                   onclick: () => steer(dir),
                 }, { up: '↑', left: '←', right: '→', down: '↓' }[dir])));
  const scores = el('table', { 'data-testid': 'snake-scores', class: 'scores' });
  root.append(status, canvas, el('div', { class: 'controls' }, ready, restart), pad, scores);

  const own = () => (state && state.snakes ? state.snakes[ctx.self()] : undefined);
  const running = () => state !== null && state.started && !state.over;

  function send_ready() {
    const me = own();
    ctx.send('ready', { ready: !(me && me.ready) });
  }

  function steer(dir) {
    const me = own();
    if (!running() || !me || !me.alive) return;
    ctx.send('turn', { dir });
  }

  function on_key(event) {
    const dir = keys[event.key];
    if (!dir || !running()) return;
    const target = event.target;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
    event.preventDefault();  // the arrow keys would scroll the page
    steer(dir);
  }
  document.addEventListener('keydown', on_key);

  function draw() {
    const g = canvas.getContext('2d');
    if (!g) return;
    const cell = Math.max(1, Math.floor(board_pixels / Math.max(state.width, state.height)));
    canvas.width = cell * state.width;
    canvas.height = cell * state.height;
    g.fillStyle = '#f4f1e8';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.fillStyle = '#e53935';
    for (const [x, y] of state.food || []) {
      g.beginPath();
      g.arc((x + 0.5) * cell, (y + 0.5) * cell, cell * 0.4, 0, 2 * Math.PI);
      g.fill();
    }
    Object.values(state.snakes || {}).forEach((snake, i) => {
      const color = colors[i % colors.length];
      (snake.body || []).forEach(([x, y], part) => {
        g.globalAlpha = snake.alive ? 1 : 0.35;
        g.fillStyle = color;
        g.fillRect(x * cell + 1, y * cell + 1, cell - 2, cell - 2);
        if (part === 0) {  // the head (bodies are head first) gets a dark eye
          g.fillStyle = '#111';
          g.fillRect(x * cell + cell / 3, y * cell + cell / 3, cell / 3, cell / 3);
        }
      });
    });
    g.globalAlpha = 1;
  }

  function status_text() {
    const me = own();
    const seated = Object.keys(state.snakes || {}).length;
    if (state.over) return result || 'Game over.';
    if (state.started) {
      const seconds = Math.ceil((state.timeLeftTicks || 0) / 10);
      const alive = me ? (me.alive ? 'steer with the arrow keys or WASD' : 'your snake is dead')
                       : 'watching';
      return `Tick ${state.tick}, ${seconds} s left: ${alive}.`;
    }
    if (!me) return 'Watching: the seats are taken or the round has started.';
    if (seated < 2) return 'Waiting for a second snake (or add a bot).';
    return me.ready ? 'Ready: waiting for the others.' : 'Press Ready when you are.';
  }

  function render_scores() {
    const rows = Object.entries(state.snakes || {}).map(([id, snake], i) => el('tr', {
      'data-testid': 'snake-row', 'data-player-id': id, 'data-alive': String(snake.alive),
    },
      el('td', {},
         el('span', { class: 'swatch', style: `background:${colors[i % colors.length]}` }),
         ' ', snake.name, id === ctx.self() ? ' (you)' : ''),
      el('td', {}, String(snake.score)),
      el('td', {}, String((snake.body || []).length)),
      el('td', {}, state.started ? (snake.alive ? 'alive' : 'dead')
                                 : (snake.ready ? 'ready' : 'not ready'),
         snake.connected === false ? ' (away)' : '')));
    scores.replaceChildren(
        el('thead', {}, el('tr', {}, el('th', {}, 'Snake'), el('th', {}, 'Score'),
                            el('th', {}, 'Length'), el('th', {}, 'State'))),
        el('tbody', {}, rows));
  }

  function render() {
    const me = own();
    canvas.dataset.tick = String(state.tick);
    canvas.dataset.started = String(state.started);
    canvas.dataset.over = String(state.over);
    // Every head, "x,y" joined by ";": a test sees the snakes move without reading pixels.
    canvas.dataset.heads = Object.values(state.snakes || {})
                               .map((s) => (s.body && s.body.length ? s.body[0].join(',') : ''))
                               .join(';');
    root.dataset.started = String(state.started);
    root.dataset.over = String(state.over);
    root.dataset.winner = state.winner || '';
    // Our snake's heading after the inputs so far (`next`), for tests and styles.
    root.dataset.myDir = me ? me.next || me.dir : '';
    status.textContent = status_text();
    ready.hidden = state.started || !me;
    ready.textContent = me && me.ready ? 'Not ready' : 'Ready';
    ready.dataset.ready = String(Boolean(me && me.ready));
    restart.hidden = !state.over || !me;
    pad.hidden = !me || !running();
    draw();
    render_scores();
  }

  return {
    onEnvelope(envelope) {
      if (!envelope.success) return;  // the page's status line shows errors
      if (envelope.type === 'game_state') {
        if (!envelope.data.over) result = '';
        state = envelope.data;
        render();
      } else if (envelope.type === 'game_over') {
        const data = envelope.data || {};
        result = data.winner ? `Game over: ${data.winnerName || 'someone'} wins!`
                             : 'Game over: nobody wins (a tie).';
        if (state) render();
      }
    },
    destroy() {
      document.removeEventListener('keydown', on_key);
      root.replaceChildren();
    },
  };
}
