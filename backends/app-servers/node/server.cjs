// The small app badgateway runs on Node's own http server (no framework): reads the request,
// waits BADGATEWAY_DELAY_MS, answers. server.keepAliveTimeout is Node's default (5 s) unless
// BADGATEWAY_KEEP_ALIVE_TIMEOUT_MS sets it.
'use strict';
const http = require('node:http');

const port = Number(process.env.BADGATEWAY_PORT || 8080);
const delayMs = Number(process.env.BADGATEWAY_DELAY_MS || 0);
const instance = process.env.BADGATEWAY_INSTANCE || 'app';

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    setTimeout(() => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 3, 'X-Backend-Instance': instance });
      res.end('ok\n');
    }, delayMs);
  });
});
if (process.env.BADGATEWAY_KEEP_ALIVE_TIMEOUT_MS !== undefined) server.keepAliveTimeout = Number(process.env.BADGATEWAY_KEEP_ALIVE_TIMEOUT_MS);
server.listen(port, () => console.log(`node app listening on :${port} keepAliveTimeout=${server.keepAliveTimeout}ms`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
