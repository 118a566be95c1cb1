/**
 * A delaying TCP proxy, the stand-in for netem's added latency where the kernel has no netem: it
 * runs in the backend's network namespace, takes the connections the firewall redirects to it,
 * and forwards them to the backend on loopback, holding every chunk the backend sends back for
 * the delay before passing it on (in order). What it does not model: the TCP handshake is not
 * delayed (nginx's connect completes at once, so $upstream_connect_time does not grow), the
 * request direction is not delayed, and there is no jitter, reordering or loss.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface DelayProxyConfig {
  listenPort: number;
  targetPort: number;
  delayMs: number;
}

export function startDelayProxy(config: DelayProxyConfig): Promise<Server> {
  // half-open: a side that has finished sending still gets the rest of the other side's data
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const backend = connect({ host: '127.0.0.1', port: config.targetPort, allowHalfOpen: true });
    const fail = () => { client.destroy(); backend.destroy(); };
    client.on('error', fail);
    backend.on('error', fail);
    client.pipe(backend);
    delayInto(backend, client, config.delayMs);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.listenPort, () => resolve(server));
  });
}

/** Writes what `from` sends into `to`, each chunk delayMs after it came, the end after the last chunk. */
function delayInto(from: Socket, to: Socket, delayMs: number): void {
  let last = 0;
  const later = (task: () => void) => {
    last = Math.max(Date.now() + delayMs, last);
    setTimeout(task, last - Date.now());
  };
  from.on('data', (chunk: Buffer) => later(() => { if (!to.destroyed) to.write(chunk); }));
  from.on('end', () => later(() => to.end()));
}
