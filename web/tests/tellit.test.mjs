// tellit in a real browser against a real gameserverd: the page joins a room and shows the user
// list; then, with a bot, start the game, write the first sentence of our story, get a story to
// continue, vote to finish and write on until the game ends and shows the stories.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { collectPageErrors, openGame, screenshot, useServerAndBrowser } from './harness.mjs';

const env = useServerAndBrowser();

const root = '[data-testid="game-root"]';

test('tellit: the page joins and lists the user, waiting', async () => {
  const page = await openGame(env, 'tellit', 'tell-web-1', 'Tess');
  const errors = collectPageErrors(page);
  try {
    const row = page.locator('[data-testid="user-0"]');
    await row.waitFor();
    assert.match(await row.innerText(), /Tess \(you\)/);
    // The page asks for the status (request_update): a new room waits for players.
    await page.locator(`${root}[data-status="waiting"]`).waitFor();
    assert.match(await page.innerText('[data-testid="tellit-status"]'), /Waiting for more players/);
    assert.ok(await page.locator('[data-testid="start"]').isDisabled(), 'start needs 2 users');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('tellit: with a bot, start, write, continue, vote to finish, see the stories', async () => {
  const page = await openGame(env, 'tellit', 'tell-web-2', 'Theo');
  const errors = collectPageErrors(page);
  try {
    await page.locator('[data-testid="user-0"]').waitFor();
    await page.locator('[data-testid="add-bot"]:not([disabled])').click();
    await page.locator('[data-testid="user-1"]').waitFor();
    // The bot starts a game it can start (after its short think delay): we click first if we
    // can, either way the game runs.
    await page.locator('[data-testid="start"]:not([disabled]):visible').click({ timeout: 2000 })
        .catch(() => {});
    await page.locator(`${root}[data-status="started"]`).waitFor();
    assert.match(await page.innerText('[data-testid="tellit-status"]'), /start your own story/);

    await page.fill('[data-testid="story-input"]', 'Once upon a time a browser clicked a button.');
    await page.click('[data-testid="submit-text"]');
    // Writing makes us a story owner (the server sends us story_update from now on).
    await page.locator(`${root}[data-owner="true"]`).waitFor();
    // A story reaches us: the bot's own, or ours continued by the bot (whichever came first).
    const story = page.locator('[data-testid="story-text"]');
    await story.waitFor({ timeout: 30000 });
    assert.notEqual((await story.innerText()).trim(), '');
    assert.match(await page.innerText('[data-testid="story"]'), /A story by .+, [12] part/);
    assert.match(await page.innerText('[data-testid="tellit-status"]'), /Your turn: continue/);
    assert.ok(!(await page.locator('[data-testid="submit-text"]').isDisabled()),
              'our turn to write');

    await screenshot(page, 'tellit');

    // Vote to finish, and keep writing whenever a story waits for us: the bot votes too after
    // its third text, and the game ends with every story shown in full.
    await page.click('[data-testid="vote-finish"]');
    await page.locator('[data-testid="vote-finish"]', { hasText: /Unvote to finish \(\d\/2\)/ })
        .waitFor();
    for (let turn = 0; turn < 10; turn += 1) {
      await page.waitForFunction((selector) => {
        const submit = document.querySelector('[data-testid="submit-text"]');
        return document.querySelector(selector).dataset.status === 'ended' || !submit.disabled;
      }, root, { timeout: 30000 });
      if (await page.getAttribute(root, 'data-status') === 'ended') break;
      await page.fill('[data-testid="story-input"]', `And then part ${turn + 2} happened.`);
      await page.click('[data-testid="submit-text"]');
    }
    await page.locator(`${root}[data-status="ended"]`).waitFor();
    const first = page.locator('[data-testid="final-story-0"]');
    await first.waitFor();
    assert.match(await first.innerText(), /By .+/);
    assert.match(await page.innerText('[data-testid="final-stories"]'),
                 /Once upon a time a browser clicked a button/);
    await screenshot(page, 'tellit-ended');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
