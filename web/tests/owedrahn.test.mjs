// owedrahn in a real browser against a real gameserverd: the page joins a room and shows the
// joined player (connected through the page's handshake); then, with a bot, ready up and roll
// once on our turn, and see the dice result as text; before that, set the main bet and propose
// and cancel a side bet.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { collectPageErrors, openGame, screenshot, useServerAndBrowser } from './harness.mjs';

const env = useServerAndBrowser();

const root = '[data-testid="game-root"]';

test('owedrahn: the page joins and lists the player', async () => {
  const page = await openGame(env, 'owedrahn', 'owe-web-1', 'Olga');
  const errors = collectPageErrors(page);
  try {
    const row = page.locator('[data-testid="player-0"]');
    await row.waitFor();
    assert.match(await row.innerText(), /Olga \(you\)/);
    // The page's handshake marks the seat connected: no "(away)" once it is answered.
    await page.waitForFunction(() => {
      const first = document.querySelector('[data-testid="player-0"]');
      return first && !first.innerText.includes('(away)');
    });
    assert.equal(await row.getAttribute('data-life'), '6');
    assert.match(await page.innerText('[data-testid="counter"]'), /Counter: 0/);
    assert.equal(await page.getAttribute(root, 'data-started'), 'false');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('owedrahn: with a bot, ready up and roll on our turn', async () => {
  const page = await openGame(env, 'owedrahn', 'owe-web-2', 'Otto');
  const errors = collectPageErrors(page);
  try {
    await page.locator('[data-testid="player-0"]').waitFor();
    await page.locator('[data-testid="add-bot"]:not([disabled])').click();
    await page.locator('[data-testid="player-1"]').waitFor();

    // Before the start: raise the main bet, propose a side bet to the bot and take it back.
    await page.fill('[data-testid="main-bet-input"]', '2');
    await page.click('[data-testid="set-main-bet"]');
    await page.locator('[data-testid="main-bet"]', { hasText: 'Main bet: 2 ' }).waitFor();
    await page.fill('[data-testid="sidebet-amount"]', '3');
    await page.click('[data-testid="sidebet-propose"]');
    const bet = page.locator('[data-testid="sidebet-0"]');
    await bet.waitFor();
    assert.match(await bet.innerText(), /Otto vs .+: 3 \(pending\)/);
    await page.click('[data-testid="sidebet-cancel-0"]');
    await bet.waitFor({ state: 'detached' });

    await page.click('[data-testid="ready"]');
    await page.locator(`${root}[data-started="true"]`).waitFor();

    // Our turn comes after at most a few bot rolls. Should the bot end the round first (it
    // busts), the game resets after 5 s and we ready up again.
    let rolled = false;
    for (let round = 0; round < 3 && !rolled; round += 1) {
      await page.waitForFunction((selector) => {
        const el = document.querySelector(selector);
        return el.dataset.myTurn === 'true' || el.dataset.started === 'false';
      }, root, { timeout: 60000 });
      if (await page.getAttribute(root, 'data-my-turn') !== 'true') {
        await page.click('[data-testid="ready"]');
        await page.locator(`${root}[data-started="true"]`).waitFor();
        continue;
      }
      await page.click('[data-testid="roll"]');
      await page.locator('[data-testid="dice-result"]', { hasText: 'Otto rolled' }).waitFor();
      rolled = true;
    }
    assert.ok(rolled, 'never had a turn');
    assert.match(await page.innerText('[data-testid="dice-result"]'),
                 /Otto rolled (\d|3 \(counts 0\)): total \d+/);
    await screenshot(page, 'owedrahn');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
