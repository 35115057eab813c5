// tic-tac-toe in a real browser against a real gameserverd: open the lobby at /, create a room by
// name, add a bot, and play to the end by clicking; and reload mid-game to find the same board
// (same seat, same marks) and still be able to move.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { collectPageErrors, screenshot, useServerAndBrowser } from './harness.mjs';

const env = useServerAndBrowser();

const board = '[data-testid="board"]';
const result = '[data-testid="result"]';

async function marks(page) {
  return page.$$eval('[data-testid^="cell-"]', (cells) => cells.map((c) => c.dataset.mark || ''));
}

// From the lobby at / to the game page of a new tic-tac-toe room, with a bot seated.
async function open_room_with_bot(page, room) {
  await page.goto(new URL('/', env.server.url).href);
  await page.locator('h1', { hasText: 'Lobby' }).waitFor();
  await page.fill('[data-testid="player-name"]', 'Tess');
  await page.locator('[data-testid="game-select"] option[value="tictactoe"]').waitFor({ state: 'attached' });
  // The list as the server sent it (the page starts with a "Loading..." item).
  await page.locator('[data-testid="rooms-tictactoe"] li', { hasNotText: 'Loading...' }).first().waitFor();
  await screenshot(page, `lobby-${room}`);
  await page.selectOption('[data-testid="game-select"]', 'tictactoe');
  await page.fill('[data-testid="room-name"]', room);
  await page.click('[data-testid="join"]');
  await page.waitForURL(new RegExp(`/ui/game\\.html\\?game=tictactoe&room=${room}$`));
  await page.locator('[data-testid="status"]', { hasText: `Joined room ${room}` }).waitFor();
  assert.equal(await page.textContent('[data-testid="symbol"]'), 'You play X');

  await page.click('[data-testid="add-bot"]');
  await page.locator('[data-testid="member"]').nth(1).waitFor();
  const members = await page.$$eval('[data-testid="member"]', (items) => items.map((i) => i.textContent));
  assert.equal(members.length, 2);
  assert.ok(members.some((m) => m.includes('(you)')), members.join(' | '));
  assert.ok(members.some((m) => m.includes('(bot)')), members.join(' | '));
}

// Waits until it is our turn (true) or the game is over (false).
async function wait_for_turn_or_end(page) {
  const handle = await page.waitForFunction(({ board_sel, result_sel }) => {
    if (document.querySelector(result_sel)) return 'over';
    const b = document.querySelector(board_sel);
    return b && b.dataset.myTurn === 'true' && b.querySelector('button:not([disabled])') ? 'turn' : null;
  }, { board_sel: board, result_sel: result }, { timeout: 15000 });
  return (await handle.jsonValue()) === 'turn';
}

async function play_one_move(page) {
  const before_moves = (await marks(page)).filter((m) => m === 'X').length;
  const cell = page.locator(`${board} button:not([disabled])`).first();
  const id = await cell.getAttribute('data-testid');
  await cell.click();
  await page.locator(`[data-testid="${id}"][data-mark="X"]`).waitFor();
  assert.equal((await marks(page)).filter((m) => m === 'X').length, before_moves + 1);
}

test('tictactoe: lobby, create a room, add a bot, play to the end', async () => {
  const page = await env.browser.newPage();
  const errors = collectPageErrors(page);
  try {
    await open_room_with_bot(page, 'ttt-web-play');
    await screenshot(page, 'tictactoe-start');
    let moves = 0;
    while (await wait_for_turn_or_end(page)) {
      await play_one_move(page);
      moves += 1;
      assert.ok(moves <= 5, 'more than 5 moves for X');
    }
    const text = await page.textContent(result);
    assert.match(text, /You won!|you lost!|Draw!/);
    const final = await marks(page);
    // Either side may open, so a game ends after at least 5 marks that alternate.
    const xs = final.filter((m) => m === 'X').length;
    const os = final.filter((m) => m === 'O').length;
    assert.ok(xs + os >= 5 && Math.abs(xs - os) <= 1, final.join(','));
    assert.equal(xs, moves, `the board holds every move we made: ${final.join(',')}`);
    assert.equal(await page.locator(`${board} button:not([disabled])`).count(), 0);
    await screenshot(page, 'tictactoe-result');

    // Play again: an empty board and a game in progress.
    await page.click('[data-testid="restart"]');
    await page.locator(result).waitFor({ state: 'detached' });
    assert.ok((await marks(page)).filter((m) => m !== '').length <= 1);

    // Leave: back in the lobby at /, with the seat given up (no session to come back to).
    await page.click('[data-testid="leave"]');
    await page.waitForURL(new URL('/', env.server.url).href);
    await page.locator('h1', { hasText: 'Lobby' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    assert.deepEqual(errors, []);
  } catch (err) {
    await screenshot(page, 'tictactoe-play-failure');
    throw err;
  } finally {
    await page.close();
  }
});

test('tictactoe: a reload mid-game keeps the seat and the board', async () => {
  const page = await env.browser.newPage();
  const errors = collectPageErrors(page);
  try {
    await open_room_with_bot(page, 'ttt-web-reload');
    assert.ok(await wait_for_turn_or_end(page), 'the game ended before our first move');
    await play_one_move(page);
    // Wait for the bot's answer so the board is quiet when we reload.
    assert.ok(await wait_for_turn_or_end(page), 'the game ended too early');
    const before_reload = await marks(page);
    assert.ok(before_reload.includes('X') && before_reload.includes('O'), before_reload.join(','));
    await screenshot(page, 'tictactoe-before-reload');

    await page.reload();
    await page.locator('[data-testid="status"]', { hasText: 'Back in room ttt-web-reload' }).waitFor();
    await page.waitForFunction((expected) => {
      const now = [...document.querySelectorAll('[data-testid^="cell-"]')].map((c) => c.dataset.mark || '');
      return now.join(',') === expected;
    }, before_reload.join(','), { timeout: 10000 });
    assert.deepEqual(await marks(page), before_reload);
    assert.equal(await page.textContent('[data-testid="symbol"]'), 'You play X');
    await screenshot(page, 'tictactoe-after-reload');

    // Still our seat: we can move.
    assert.ok(await wait_for_turn_or_end(page), 'no turn after the reload');
    await play_one_move(page);
    // The member list is fetched a moment after the reconnect: wait for it.
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="member"]').length === 2, null,
      { timeout: 10000 });
    assert.equal((await page.$$('[data-testid="member"]')).length, 2);
    assert.deepEqual(errors, []);
  } catch (err) {
    await screenshot(page, 'tictactoe-reload-failure');
    throw err;
  } finally {
    await page.close();
  }
});
