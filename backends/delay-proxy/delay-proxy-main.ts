/** Entry of a delay proxy container: configuration as JSON in BADGATEWAY_DELAY_PROXY (DelayProxyConfig). */
import { startDelayProxy, type DelayProxyConfig } from './delay-proxy.js';

const config = JSON.parse(process.env.BADGATEWAY_DELAY_PROXY ?? '{}') as DelayProxyConfig;
void startDelayProxy(config).then(
  () => process.stdout.write(`${new Date().toISOString()} badgateway-delay-proxy listening on :${config.listenPort} to :${config.targetPort} delay=${config.delayMs}ms\n`),
  (error: Error) => {
    process.stderr.write(`badgateway-delay-proxy: cannot listen on :${config.listenPort}: ${error.message}\n`);
    process.exit(1);
  },
);
process.on('SIGTERM', () => process.exit(0));
