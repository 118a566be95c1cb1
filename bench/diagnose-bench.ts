/**
 * `node dist/bench/diagnose-bench.js [--lines=N] [--keep]`: generates a large synthetic error log
 * (a gzipped rotated part plus the live file) and a JSON access log in a temp folder, runs the
 * diagnosis over them the way `badgateway diagnose` does (streamed), and prints lines per second
 * and peak RSS. Without --keep the files are removed afterwards.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { runDiagnosis } from '../harness/diagnose/run-diagnosis.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const LINES = Number(arg('lines') ?? 1_000_000);
const keep = process.argv.includes('--keep');
const log = (line: string) => process.stdout.write(`${line}\n`);

const START_S = Date.UTC(2026, 10, 21, 0, 0, 0) / 1000;
const SPAN_S = 6 * 3600;

function clock(s: number): string {
  const iso = new Date(s * 1000).toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '/')} ${iso.slice(11, 19)}`;
}

const MESSAGES = [
  'upstream timed out (110: Connection timed out) while reading response header from upstream',
  'upstream prematurely closed connection while reading response header from upstream',
  'connect() failed (111: Connection refused) while connecting to upstream',
  'recv() failed (104: Connection reset by peer) while reading response header from upstream',
];

function errorLine(i: number): string {
  const s = START_S + Math.floor((i / LINES) * SPAN_S);
  if (i % 50 === 0) return `${clock(s)} [info] 31#31: *${i} client 10.1.2.3 closed keepalive connection`;
  if (i % 97 === 0) return `${clock(s)} [warn] 31#31: *${i} an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/${i % 10}/00/000000${i} while reading upstream, client: 2001:db8::${i % 999}, server: api.example.com, request: "GET /export/${i} HTTP/1.1", upstream: "http://10.0.0.${i % 4}:8080/export/${i}", host: "api.example.com"`;
  const message = MESSAGES[i % 7 === 0 ? 1 + (i % 3) : 0]!;
  return `${clock(s)} [error] 31#31: *${i} ${message}, client: 10.1.${i % 250}.${i % 200}, server: api.example.com, request: "GET /api/v1/items/${i % 5000}?page=${i % 13} HTTP/1.1", upstream: "http://10.0.0.${i % 4}:8080/api/v1/items/${i % 5000}?page=${i % 13}", host: "api.example.com"`;
}

function accessLine(i: number): string {
  const msec = (START_S + (i / LINES) * SPAN_S).toFixed(3);
  const failed = i % 20 === 0;
  const status = failed ? '504' : '200';
  const header = failed ? '-' : (0.01 + (i % 300) / 1000).toFixed(3);
  const response = failed ? '1.000' : header;
  return `{"msec":"${msec}","request_id":"${i.toString(16)}","status":"${status}","method":"${i % 3 ? 'GET' : 'POST'}","uri":"/api/v1/items/${i % 5000}","request_time":"${response}","upstream_addr":"10.0.0.${i % 4}:8080","upstream_status":"${status}","upstream_connect_time":"0.001","upstream_header_time":"${header}","upstream_response_time":"${response}","bytes_sent":"512","connection":"${i}","connection_requests":"1"}`;
}

async function writeLines(out: Writable, from: number, to: number, line: (i: number) => string): Promise<void> {
  let chunk = '';
  for (let i = from; i < to; i += 1) {
    chunk += `${line(i)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

const dir = await mkdtemp(join(tmpdir(), 'badgateway-diagnose-bench-'));
try {
  const rotated = join(dir, 'error.log.1.gz');
  const live = join(dir, 'error.log');
  const access = join(dir, 'access.log');
  const config = join(dir, 'nginx.conf');
  log(`generating ${LINES} error-log lines (a quarter gzipped) and ${LINES} access-log lines in ${dir}…`);
  const t0 = performance.now();
  const gzip = createGzip();
  gzip.pipe(createWriteStream(rotated));
  await writeLines(gzip, 0, LINES / 4, errorLine);
  await writeLines(createWriteStream(live), LINES / 4, LINES, errorLine);
  await writeLines(createWriteStream(access), 0, LINES, accessLine);
  await writeLines(createWriteStream(config), 0, 1, () => 'events {}\nhttp { upstream app { server 10.0.0.1:8080; server 10.0.0.2:8080; } server { location / { proxy_pass http://app; proxy_read_timeout 1s; } } }');
  const sizes = await Promise.all([rotated, live, access].map(async (f) => (await stat(f)).size));
  log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${sizes.map((b) => `${(b / 2 ** 20).toFixed(0)} MiB`).join(', ')}`);

  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 20);
  const t1 = performance.now();
  const { diagnosis, files } = await runDiagnosis({ errorLogs: [rotated, live], accessLogs: [access], nginxConfig: config });
  const seconds = (performance.now() - t1) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const lines = files.reduce((sum, f) => sum + f.lines, 0);
  const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  log(`diagnosed ${lines} lines (${mib(bytes)} on disk) in ${seconds.toFixed(2)} s: ${Math.round(lines / seconds).toLocaleString('en-US')} lines/s, ${(bytes / 2 ** 20 / seconds).toFixed(0)} MiB/s`);
  log(`RSS: ${mib(rssBefore)} before, peak ${mib(peakRss)} while diagnosing (sampled every 20 ms); process maxRSS ${mib(process.resourceUsage().maxRSS * 1024)}`);
  log(`top cause: ${diagnosis.causes[0]?.id ?? 'none'} (${diagnosis.causes[0]?.confidence ?? '-'}); error-log signatures: ${JSON.stringify(diagnosis.errorLog.signatures)}`);
} finally {
  if (!keep) await rm(dir, { recursive: true, force: true });
}
