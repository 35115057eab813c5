// snake in a real browser against a real gameserverd: join a room, add a bot, get ready, and see
// the board move (data-tick grows, the heads move), steer with the keyboard, see the game end.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { collectPageErrors, openGame, screenshot, useServerAndBrowser } from './harness.mjs';

const env = useServerAndBrowser();

const root = '[data-testid="game-root"]';
const board = '[data-testid="snake-board"]';
const perpendicular = { up: 'left', down: 'left', left: 'up', right: 'up' };
const arrow = { up: 'ArrowUp', down: 'ArrowDown', left: 'ArrowLeft', right: 'ArrowRight' };

test('snake: join, add a bot, start, the board moves, steer, game over', async () => {
  const page = await openGame(env, 'snake', 'snake-web-1', 'Sam');
  const errors = collectPageErrors(page);
  try {
    await page.locator('[data-testid="snake-row"]', { hasText: 'Sam' }).waitFor();
    assert.equal(await page.getAttribute(board, 'data-started'), 'false');

    await page.locator('[data-testid="add-bot"]:not([disabled])').click();
    await page.locator('[data-testid="snake-row"]').nth(1).waitFor();
    // The bot says it is ready by itself; the round starts when we are too.
    await page.click('[data-testid="ready"]');
    await page.locator(`${board}[data-started="true"]`).waitFor();

    // Steer at once (a snake left alone runs into a wall within a few seconds).
    const heading = await page.getAttribute(root, 'data-my-dir');
    const turn_to = perpendicular[heading];
    assert.ok(turn_to, `a heading: ${heading}`);
    await page.keyboard.press(arrow[turn_to]);
    await page.locator(`${root}[data-my-dir="${turn_to}"]`).waitFor({ timeout: 5000 });

    const first_tick = Number(await page.getAttribute(board, 'data-tick'));
    const first_heads = await page.getAttribute(board, 'data-heads');
    await page.waitForFunction(([selector, tick]) => {
      const canvas = document.querySelector(selector);
      return Number(canvas.dataset.tick) >= tick + 2 || canvas.dataset.over === 'true';
    }, [board, first_tick]);
    const later_tick = Number(await page.getAttribute(board, 'data-tick'));
    assert.ok(later_tick > first_tick, `tick ${first_tick} -> ${later_tick}`);
    assert.notEqual(await page.getAttribute(board, 'data-heads'), first_heads);
    await screenshot(page, 'snake-running');

    // Without more input our snake hits a wall (or the bot dies first): the round ends.
    await page.locator(`${board}[data-over="true"]`).waitFor({ timeout: 30000 });
    assert.match(await page.innerText('[data-testid="snake-status"]'), /Game over/);
    await page.locator('[data-testid="restart"]').waitFor();
    await screenshot(page, 'snake-over');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
