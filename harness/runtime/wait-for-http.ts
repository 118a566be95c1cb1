/**
 * Polls a URL on 127.0.0.1 until it answers 2xx: readiness as a condition, never a sleep. Every
 * half second it asks `alive` whether the process behind it still runs (a message when not), so a
 * crash fails at once instead of waiting out the timeout. Over https the certificate is the one
 * made for the run, so it is not verified; `host` sets the Host header (nginx routes by it).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

const POLL_MS = 10;
const ALIVE_EVERY_MS = 500;
const REQUEST_TIMEOUT_MS = 1_000;

export interface HttpProbe {
  /** the Host header; the URL's host when omitted */
  host?: string;
}

export async function waitForHttp(url: string, timeoutMs: number, alive: () => Promise<string | undefined>, probe: HttpProbe = {}): Promise<void> {
  const started = Date.now();
  let lastAlive = started;
  let last = 'no attempt';
  while (Date.now() - started < timeoutMs) {
    try {
      const status = await statusOf(new URL(url), probe);
      if (status >= 200 && status < 300) return;
      last = `status ${status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() - lastAlive >= ALIVE_EVERY_MS) {
      lastAlive = Date.now();
      const dead = await alive();
      if (dead) throw new Error(dead);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`${url} did not answer 2xx within ${timeoutMs / 1000}s (last: ${last})`);
}

/** One GET; the status, or a rejection when no HTTP answer came. */
function statusOf(url: URL, probe: HttpProbe): Promise<number> {
  return new Promise((resolve, reject) => {
    const options = {
      host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: 'GET', timeout: REQUEST_TIMEOUT_MS, agent: false as const,
      headers: probe.host ? { host: probe.host } : {},
    };
    const request = url.protocol === 'https:' ? httpsRequest({ ...options, rejectUnauthorized: false, servername: 'localhost' }) : httpRequest(options);
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end();
  });
}
