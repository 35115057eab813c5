// tellit, "Tell-It" collaborative stories (SEED-SPEC §6.4): no game_state here, the view is
// built from users_update, game_status, story_update, the vote updates and final_stories.
// Each player starts one story, then continues whatever story reaches them (only its latest
// part is shown); a unanimous finish vote ends the game and shows every story in full.
import { el } from '../client.js';

export function mount(root, ctx) {
  let users = [];           // UserDTOs in join order
  let status = 'waiting';   // waiting | started | ended (asked for with request_update)
  let story = null;         // the story waiting for us: {text (latest part), author, stats}
  let owner = false;        // we started a story (only owners get story_update)
  let finish_votes = [];
  let restart_votes = [];
  let final_stories = [];
  let note = '';
  let sending = false;      // a text is on its way: no second one before the story_update

  root.classList.add('tellit');
  const info = el('p', { 'data-testid': 'tellit-status', class: 'turn' }, 'Joining...');
  const user_list = el('ul', { 'data-testid': 'users', class: 'users' });
  const start = el('button', { type: 'button', 'data-testid': 'start',
                               onclick: () => ctx.send('start') }, 'Start the game');
  const story_box = el('div', { 'data-testid': 'story', class: 'story' });
  const text_input = el('textarea', { 'data-testid': 'story-input', rows: '3', maxlength: '2000',
                                      placeholder: 'Write the next sentence...',
                                      'aria-label': 'Your text' });
  const submit = el('button', { type: 'submit', 'data-testid': 'submit-text' }, 'Submit');
  const form = el('form', { class: 'write', onsubmit: (event) => {
    event.preventDefault();
    const text = text_input.value.trim();
    if (!text) return;
    if (!can_write()) return;
    ctx.send('submit_text', { text });
    text_input.value = '';
    sending = true;
    render();
  } }, text_input, el('div', {}, submit));
  const finish = el('button', { type: 'button', 'data-testid': 'vote-finish',
                                onclick: () => ctx.send('vote_finish') });
  const restart = el('button', { type: 'button', 'data-testid': 'vote-restart',
                                 onclick: () => ctx.send('vote_restart') });
  const note_line = el('p', { 'data-testid': 'tellit-note', class: 'note' });
  const stories = el('div', { 'data-testid': 'final-stories', class: 'final-stories' });
  root.append(info, user_list, el('div', { class: 'controls' }, start), story_box, form,
              el('div', { class: 'controls' }, finish, restart), note_line, stories);

  const self_user = () => users.find((u) => u.id === ctx.self());
  const active_users = () => users.filter((u) => !u.disconnected).length;
  // After a restart the votes come as an empty object, not an array (kept from the Go server).
  const vote_list = (data) => (data && Array.isArray(data.votes) ? data.votes : []);

  // A story waits for us iff the last story_update held one (users_update may come later).
  const story_waiting = () =>
    story !== null && typeof story === 'object' && typeof story.text === 'string';

  function can_write() {
    return status === 'started' && !sending && Boolean(self_user()) && (!owner || story_waiting());
  }

  function info_text() {
    const me = self_user();
    if (!me) return users.length ? 'Watching.' : 'Joining...';
    if (status === 'waiting') {
      return users.length < 2 ? 'Waiting for more players (2 needed; or add a bot).'
                              : 'Waiting: anyone can start the game.';
    }
    if (status === 'ended') return 'The game is over: here are the stories.';
    if (!owner) return 'Your turn: start your own story.';
    if (story_waiting()) {
      const more = me.queuedStories > 1 ? ` (${me.queuedStories} waiting for you)` : '';
      return `Your turn: continue the story below${more}.`;
    }
    return 'Waiting for a story to reach you.';
  }

  function render_users() {
    const me = self_user();
    user_list.replaceChildren(...users.map((u, i) => {
      const kicks = Array.isArray(u.kickVotes) ? u.kickVotes.length : 0;
      const voted_kick = me && Array.isArray(u.kickVotes) && u.kickVotes.includes(me.id);
      return el('li', { 'data-testid': `user-${i}`, 'data-user-id': u.id,
                        'data-queued': u.queuedStories, class: u.disconnected ? 'away' : null },
                el('span', { 'data-testid': 'user-name' }, u.name),
                u.id === ctx.self() ? ' (you)' : '',
                u.disconnected ? ' (away)' : '',
                status === 'started'
                    ? ` — ${u.queuedStories} stor${u.queuedStories === 1 ? 'y' : 'ies'} waiting`
                    : '',
                finish_votes.includes(u.id) ? ' ✓ finish' : '',
                restart_votes.includes(u.id) ? ' ↻ restart' : '',
                kicks ? ` (${kicks} kick vote${kicks === 1 ? '' : 's'})` : '',
                me && u.id !== me.id
                    ? el('button', { type: 'button', 'data-testid': `kick-${i}`, class: 'small',
                                     onclick: () => ctx.send('vote_kick', { kickUserID: u.id }) },
                         voted_kick ? 'Unkick' : 'Kick')
                    : null);
    }));
  }

  function render_story() {
    if (status !== 'started') {
      story_box.replaceChildren();
      return;
    }
    if (!owner) {
      story_box.replaceChildren(
          el('p', { class: 'hint' }, 'Write the first sentence of a new story.'));
    } else if (story_waiting()) {
      const stats = story.stats || {};
      story_box.replaceChildren(
          el('p', { class: 'hint' },
             `A story by ${story.author}, ${stats.turns || 0} part(s) so far. The last one:`),
          el('blockquote', { 'data-testid': 'story-text' }, story.text));
    } else {
      story_box.replaceChildren(
          el('p', { class: 'hint' }, 'No story is waiting for you right now.'));
    }
  }

  function render_final() {
    if (status !== 'ended' || final_stories.length === 0) {
      stories.replaceChildren();
      return;
    }
    stories.replaceChildren(el('h3', {}, 'The stories'), ...final_stories.map((s, i) => {
      const stats = s.stats || {};
      return el('article', { 'data-testid': `final-story-${i}` },
                el('h4', {}, `By ${s.author}`), el('p', {}, s.text),
                el('p', { class: 'hint' },
                   `${stats.words || 0} words in ${stats.turns || 0} parts, ` +
                   `about ${Math.round(stats.avgReadingTime || 0)} s to read.`));
    }));
  }

  function render() {
    const me = self_user();
    root.dataset.status = status;
    root.dataset.owner = String(owner);
    info.textContent = info_text();
    render_users();
    start.hidden = status !== 'waiting' || !me;
    start.disabled = users.length < 2;
    form.hidden = status !== 'started' || !me;
    submit.disabled = !can_write();
    const active = active_users();
    finish.hidden = status !== 'started' || !me;
    finish.textContent = `${me && finish_votes.includes(me.id) ? 'Unvote' : 'Vote'} to finish ` +
                         `(${finish_votes.length}/${active})`;
    restart.hidden = status === 'waiting' || !me;
    restart.textContent = `${me && restart_votes.includes(me.id) ? 'Unvote' : 'Vote'} to restart ` +
                          `(${restart_votes.length}/${active})`;
    note_line.textContent = note;
    render_story();
    render_final();
  }

  return {
    onEnvelope(envelope) {
      const data = envelope.data ?? {};
      if (!envelope.success) {
        // submit_text failures come back as a failed `submit_text`; the page's status line
        // shows the error, the hint here says which action it was.
        if (envelope.type !== 'submit_text') return;
        note = `Not sent: ${envelope.error || 'refused'}.`;
        sending = false;
        ctx.send('request_update');  // our view was off: ask for the story again
      } else {
        switch (envelope.type) {
          case 'join_room_result':
          case 'reconnect_result':
            ctx.send('request_update');  // the join hook sends no game_status
            return;
          case 'users_update':
            if (Array.isArray(data.users)) users = data.users;
            break;
          case 'game_status': {
            const before = status;
            sending = false;
            if (typeof data.status === 'string') status = data.status;
            if (status !== 'started') story = null;
            if (before === 'waiting' && status === 'started') {
              // The start clears both vote sets without a vote update.
              finish_votes = [];
              restart_votes = [];
            }
            if (status === 'waiting') {
              owner = false;
              final_stories = [];
            }
            break;
          }
          case 'story_update':
            // A StoryDTO, null (our queue is empty), or {story: null} after a restart.
            if (envelope.data && typeof envelope.data === 'object' && 'story' in envelope.data) {
              story = null;
              owner = false;
            } else {
              story = envelope.data ?? null;
              owner = true;
            }
            note = '';
            sending = false;
            break;
          case 'final_stories':
            final_stories = Array.isArray(data.stories) ? data.stories : [];
            break;
          case 'finish_vote_update':
            finish_votes = vote_list(data);
            break;
          case 'restart_vote_update':
            restart_votes = vote_list(data);
            break;
          case 'user_kicked':
            note = `${data.kickedUser || 'Someone'} was kicked out.`;
            break;
          default:
            return;
        }
      }
      render();
    },
    destroy() {
      root.replaceChildren();
    },
  };
}
