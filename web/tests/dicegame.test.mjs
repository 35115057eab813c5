// dicegame in a real browser against a real gameserverd: create a room from the lobby, add a bot
// (which starts the 2-player game), then play one turn by clicking: roll, pick a scoring die,
// bank it ("end turn"), and see the score grow and the turn pass to the bot; then reload and
// find the same seat again.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { collectPageErrors, screenshot, useServerAndBrowser } from './harness.mjs';

const env = useServerAndBrowser();

const root = '[data-testid="game-root"]';

// The face values shown on the dice buttons, in index order.
async function faces(page) {
  return page.$$eval('[data-testid^="hold-"]', (dice) => dice.map((d) => Number(d.dataset.face)));
}

// A valid scoring selection of sorted dice: a single 1 (100) or 5 (50), else every die of a
// face rolled three or more times (face x 100, 1000 for 1s, doubled per die beyond three);
// null when the roll scores nothing (a bust).
function scoring_pick(faces) {
  for (const [face, score] of [[1, 100], [5, 50]]) {
    const index = faces.indexOf(face);
    if (index >= 0) return { indexes: [index], score };
  }
  for (let face = 2; face <= 6; face += 1) {
    const indexes = faces.flatMap((f, i) => (f === face ? [i] : []));
    if (indexes.length >= 3) return { indexes, score: face * 100 * 2 ** (indexes.length - 3) };
  }
  return null;
}

async function my_score(page) {
  const text = await page.locator('[data-testid="player-row"]', { hasText: '(you)' })
                   .getAttribute('data-score');
  return Number(text);
}

test('dicegame: create from the lobby, add a bot, play and bank one turn', async () => {
  const page = await env.browser.newPage();
  const errors = collectPageErrors(page);
  try {
    await page.goto(new URL('/', env.server.url).href);
    await page.fill('[data-testid="player-name"]', 'Ann');
    await page.locator('[data-testid="game-select"] option[value="dicegame"]')
        .waitFor({ state: 'attached' });
    await page.selectOption('[data-testid="game-select"]', 'dicegame');
    await page.fill('[data-testid="room-name"]', 'dice-web-1');
    await page.click('[data-testid="join"]');
    await page.waitForURL(/\/ui\/game\.html\?game=dicegame&room=dice-web-1/);

    // Alone: our row is there and the game waits for a second player.
    const mine = page.locator('[data-testid="player-row"]', { hasText: 'Ann' });
    await mine.waitFor();
    assert.match(await mine.innerText(), /\(you\)/);
    assert.equal(await page.getAttribute(root, 'data-started'), 'false');

    await page.locator('[data-testid="add-bot"]:not([disabled])').click();
    await page.locator(`${root}[data-started="true"]`).waitFor();
    assert.equal(await page.locator('[data-testid="player-row"]').count(), 2);

    // A roll can bust (no 1, 5 or three of a kind, about 2%): then the server passes the turn
    // after its bust delay and we try again on our next turn.
    let banked = false;
    for (let attempt = 0; attempt < 4 && !banked; attempt += 1) {
      await page.locator(`${root}[data-my-turn="true"]`).waitFor({ timeout: 60000 });
      const before_score = await my_score(page);
      await page.click('[data-testid="roll"]');
      await page.waitForFunction(() => {
        const dice = [...document.querySelectorAll('[data-testid^="hold-"]')];
        return dice.length > 0 && dice.every((d) => d.dataset.face !== '0');
      });
      const rolled = await faces(page);
      assert.deepEqual(rolled, [...rolled].sort((a, b) => a - b), 'dice come sorted');
      const pick = scoring_pick(rolled);
      if (pick === null) {
        await page.locator(`${root}[data-my-turn="false"]`).waitFor({ timeout: 15000 });
        assert.match(await page.innerText('[data-testid="dice-note"]'), /busted/);
        continue;
      }
      for (const index of pick.indexes) {
        await page.click(`[data-testid="hold-${index}"]`);
        await page.locator(`[data-testid="hold-${index}"][data-selected="true"]`).waitFor();
      }
      await page.click('[data-testid="end-turn"]');
      // The turn passes to the bot and the selection's points are banked.
      await page.locator(`${root}[data-my-turn="false"]`).waitFor();
      assert.equal(await my_score(page), before_score + pick.score);
      assert.notEqual(await page.getAttribute(root, 'data-current-turn'), '');
      banked = true;
    }
    assert.ok(banked, 'four busts in a row');
    await screenshot(page, 'dicegame');

    // A reload reconnects to the same seat under a new client id: still "(you)", same score.
    const banked_score = await my_score(page);
    await page.reload();
    await page.locator('[data-testid="status"]', { hasText: 'Back in room' }).waitFor();
    await page.locator('[data-testid="player-row"]', { hasText: 'Ann (you)' }).waitFor();
    assert.equal(await my_score(page), banked_score);
    assert.equal(await page.locator('[data-testid="player-row"]').count(), 2);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
