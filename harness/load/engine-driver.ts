/**
 * The load driver on the raw-socket engine, run in a child process so that the harness's own
 * event loop (chaos, progress, Docker calls) never slows the load, and the load never delays
 * them. The plan goes over as JSON; the ClientObservation comes back as JSON. The same program
 * can run in a `node` container on the run's network (see engine-protocol.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ClientObservation } from '../observe/observation.js';
import { encode, reportsFor } from './engine/engine-protocol.js';
import { EngineSession } from './engine/engine-session.js';
import { whenAborted, type LoadDriver, type LoadHooks, type LoadPlan } from './load-driver.js';

/** The built engine program: beside this module once compiled, else in dist/ (tests run the sources). */
export function engineProgramPath(): string {
  const beside = fileURLToPath(new URL('./engine/engine-main.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = fileURLToPath(new URL('../../dist/harness/load/engine/engine-main.js', import.meta.url));
  if (existsSync(built)) return built;
  throw new Error(`the load engine is not built (${built}); run \`npm run build\``);
}

export class EngineDriver implements LoadDriver {
  run(plan: LoadPlan, signal: AbortSignal, hooks: LoadHooks = {}): Promise<ClientObservation> {
    const child = spawn(process.execPath, [engineProgramPath()], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdin.on('error', () => {}); // the engine may exit before reading an abort
    child.stdin.write(encode({ type: 'plan', plan, report: reportsFor(hooks) }));
    const unlisten = [
      whenAborted(signal, () => child.stdin.write(encode({ type: 'abort' }))),
      whenAborted(hooks.stopSending, () => child.stdin.write(encode({ type: 'stop' }))),
    ];

    return new Promise<ClientObservation>((resolve, reject) => {
      const session = new EngineSession(hooks);
      createInterface({ input: child.stdout }).on('line', (line) => session.line(line));
      child.on('error', (error) => reject(error));
      child.on('close', (code, killedBy) => {
        for (const stop of unlisten) stop();
        try {
          resolve(session.outcome(`exited (${killedBy ?? `code ${code}`})`));
        } catch (error) {
          reject(error);
        }
      });
    });
  }
}
