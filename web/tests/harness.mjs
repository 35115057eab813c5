// Shared helpers for the browser tests: a real gameserverd on a free loopback port, the system
// Chromium (headless, through playwright-core; never a downloaded browser), and screenshots.
//
//   GAMESERVERD  the server binary (default: build/apps/gameserverd/gameserverd in the repo)
//   ARTIFACTS    where screenshots go (default: build/browser-artifacts in the repo)
//   CHROMIUM     the browser (default: /usr/bin/chromium)
import { spawn } from 'node:child_process';
import { after, before } from 'node:test';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const gameserverd_path =
  path.resolve(repo, process.env.GAMESERVERD || 'build/apps/gameserverd/gameserverd');
export const artifacts_dir = path.resolve(repo, process.env.ARTIFACTS || 'build/browser-artifacts');

function free_port() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function wait_until_healthy(url, child, output, timeout_ms) {
  const deadline = Date.now() + timeout_ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`gameserverd exited with ${child.exitCode}:\n${output.join('')}`);
    }
    try {
      const res = await fetch(new URL('/healthz', url));
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`gameserverd did not answer /healthz within ${timeout_ms} ms:\n${output.join('')}`);
}

// Starts gameserverd with in-memory storage; `args` are extra command-line arguments
// (e.g. ['--set', 'admin.token=secret']). Returns {url, port, stop(), output()}.
export async function startServer({ args = [] } = {}) {
  // A port picked here can in theory be taken before the server binds it: retry once then.
  for (let attempt = 0; ; attempt += 1) {
    const port = await free_port();
    const output = [];
    const child = spawn(gameserverd_path, [
      '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warn',
      '--set', 'storage.backend=memory', ...args,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk) => output.push(chunk.toString()));
    const spawned = new Promise((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    await spawned;
    const url = `http://127.0.0.1:${port}`;
    try {
      await wait_until_healthy(url, child, output, 15000);
    } catch (err) {
      child.kill('SIGKILL');
      if (attempt < 1 && child.exitCode !== null) continue;
      throw err;
    }
    const exited = new Promise((resolve) => {
      if (child.exitCode !== null) resolve();
      else child.once('exit', resolve);
    });
    return {
      url,
      port,
      output: () => output.join(''),
      async stop() {
        if (child.exitCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await exited;
        clearTimeout(timer);
      },
    };
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      '--disable-dev-shm-usage',
    ],
  });
}

// Saves a full-page PNG as $ARTIFACTS/<name>.png; returns its path.
export async function screenshot(page, name) {
  mkdirSync(artifacts_dir, { recursive: true });
  const file = path.join(artifacts_dir, `${name.replace(/[^a-zA-Z0-9._-]/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// Uncaught page errors, including those game-page.js reports from a renderer (reportError);
// a test asserts the list is empty. Call once per page.
export function collectPageErrors(page) {
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  return errors;
}

// The usual set-up of a test file: before its tests, a server (serving the pages from the work
// tree when WEB_DIR is set, instead of the copies built into the binary) and a browser; after
// them, both stopped. Returns the object whose `server` and `browser` the hooks fill in.
export function useServerAndBrowser({ args = [] } = {}) {
  const env = { server: null, browser: null };
  before(async () => {
    const web_dir = process.env.WEB_DIR;
    env.server = await startServer({
      args: [...args, ...(web_dir ? ['--set', `web.dir=${web_dir}`] : [])],
    });
    env.browser = await launchBrowser();
  });
  after(async () => {
    if (env.browser) await env.browser.close();
    if (env.server) await env.server.stop();
  });
  return env;
}

// A new page on a game's page, for a room, as the player `name` (the lobby's stored name).
export async function openGame(env, game, room, name) {
  const page = await env.browser.newPage();
  await page.addInitScript((player) => localStorage.setItem('gameserver.playerName', player), name);
  await page.goto(new URL(`/ui/game.html?game=${game}&room=${room}`, env.server.url).href);
  return page;
}
