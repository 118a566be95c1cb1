/**
 * refused: the process is up (its control port answers) but nothing listens where nginx connects,
 * so the kernel answers nginx's SYN with a RST: "connect() failed (111: Connection refused) while
 * connecting to upstream", a 502 unless another server takes the retry. Either the app opens no
 * port at all, or it serves on 127.0.0.1 only (the classic container mistake) or on another port,
 * and then logs the usual startup line.
 */
import { createServer } from 'node:http';
import type { BehaviorImplementation } from '../behavior.js';
import type { RefusedBehavior } from './schema.js';

export const refused: BehaviorImplementation<RefusedBehavior> = {
  start(config, context) {
    if (config.listen === 'nothing') {
      context.ready();
      return;
    }
    const host = config.listen === 'loopback' ? '127.0.0.1' : '0.0.0.0';
    const port = config.listen === 'loopback' ? context.port : config.other_port;
    // Connections reaching this server come from inside the container, never from nginx: not counted.
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Backend-Instance': context.instance }).end('ok\n');
    });
    server.listen(port, host, () => {
      context.log(`Server listening on http://${host}:${port}`);
      context.ready();
    });
  },
};
