// The monitor page in a real browser: a room that exists shows up, from the public routes
// without a token and with its members from the admin API with one.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { collectPageErrors, screenshot, useServerAndBrowser } from './harness.mjs';

const token = 'browser-test-token';
const env = useServerAndBrowser({ args: ['--set', `admin.token=${token}`] });

async function create_room(roomId) {
  const res = await fetch(new URL('/api/v1/rooms', env.server.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ gameType: 'tictactoe', roomId, bots: 1 }),
  });
  assert.equal(res.status, 201, await res.text());
}

test('monitor: lists a room that exists, publicly and with the admin token', async () => {
  await create_room('monitored-room');
  const page = await env.browser.newPage();
  const errors = collectPageErrors(page);
  try {
    await page.goto(new URL('/ui/monitor.html', env.server.url).href);
    const row = page.locator('[data-testid="room-monitored-room"]');
    await row.waitFor();
    assert.match(await row.innerText(), /tictactoe/);
    assert.match(await page.textContent('[data-testid="status"]'), /Public view/);
    await screenshot(page, 'monitor-public');

    await page.fill('[data-testid="admin-token"]', token);
    await page.click('[data-testid="use-token"]');
    await page.locator('[data-testid="status"]', { hasText: 'Admin view' }).waitFor();
    await page.locator('[data-testid="room-monitored-room"]', { hasText: 'Bot (bot)' }).waitFor();
    assert.equal(await page.textContent('[data-testid="room-count"]'), '1');
    await screenshot(page, 'monitor-admin');

    // A wrong token is reported, not hidden.
    await page.fill('[data-testid="admin-token"]', 'wrong');
    await page.click('[data-testid="use-token"]');
    await page.locator('[data-testid="status"][data-kind="error"]', { hasText: '401' }).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
