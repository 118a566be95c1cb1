// The team's app (a stand-in): an HTTP API with no dependencies. GET /health answers at once;
// every other request takes WORK_MS of synchronous work (JSON rendering), the way a real handler
// can block Node's event loop.
const http = require('node:http');

const port = Number(process.env.PORT ?? 3000);
const workMs = Number(process.env.WORK_MS ?? 20);

function render() {
  const until = Date.now() + workMs;
  let items = 0;
  while (Date.now() < until) items += JSON.stringify({ id: items, name: 'widget' }).length > 0 ? 1 : 0;
  return JSON.stringify({ items });
}

http
  .createServer((req, res) => {
    if (req.url === '/health') return res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    const body = render();
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  })
  .listen(port, () => console.log(`shop-api listening on :${port}`));
