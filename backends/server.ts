/**
 * The fake backend. Runs inside a container; the harness passes the behaviour as JSON in
 * BADGATEWAY_BEHAVIOR (already validated against the scenario schema) and the replica name in
 * BADGATEWAY_INSTANCE. Prints one line when it listens: the harness waits for it.
 */
import express from 'express';
import type { Behavior } from '../harness/scenario/schema.js';
import { createBehavior } from './behaviors/index.js';
import { seededRandom, seedFromName } from './random.js';

const port = Number(process.env.BADGATEWAY_PORT ?? 8080);
const instance = process.env.BADGATEWAY_INSTANCE ?? 'backend';
const behavior = JSON.parse(process.env.BADGATEWAY_BEHAVIOR ?? '{"kind":"slow","delay":"0ms","status":200,"body_bytes":2}') as Behavior;
const log = (message: string) => process.stdout.write(`${new Date().toISOString()} ${instance} ${message}\n`);

const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.use(createBehavior(behavior, { instance, random: seededRandom(seedFromName(instance)), log }));

const server = app.listen(port, () => log(`badgateway-backend listening on :${port} behavior=${behavior.kind}`));

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    log(`${signal} received, exiting`);
    server.close();
    process.exit(0);
  });
}
