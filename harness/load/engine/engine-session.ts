/**
 * The harness's side of one run of the engine program, wherever it runs (a child process, a
 * container): each JSON line it prints updates the hooks (start, live count, progress) or carries
 * its result or its failure.
 */
import type { ClientObservation } from '../../observe/observation.js';
import type { LoadHooks } from '../load-driver.js';
import type { EngineMessage } from './engine-protocol.js';

export class EngineSession {
  private result: ClientObservation | undefined;
  private failure: string | undefined;

  constructor(private readonly hooks: LoadHooks) {}

  line(text: string): void {
    let message: EngineMessage;
    try {
      message = JSON.parse(text) as EngineMessage;
    } catch {
      this.failure ??= `it printed something that is not a JSON line: ${text.slice(0, 120)}`;
      return;
    }
    switch (message.type) {
      case 'start':
        this.hooks.onStart?.({ startPerf: message.startEpochMs - performance.timeOrigin, startEpochMs: message.startEpochMs });
        break;
      case 'live':
        if (this.hooks.live) this.hooks.live.responses = message.responses;
        break;
      case 'progress':
        this.hooks.onProgress?.(message.progress);
        break;
      case 'result':
        this.result = message.observation;
        break;
      case 'error':
        this.failure = message.message;
        break;
    }
  }

  /** Once the engine has ended (`ended` says how): its observation, or an error saying why there is none. */
  outcome(ended: string): ClientObservation {
    if (!this.result) throw new Error(`the load engine ${this.failure ? `failed: ${this.failure}` : `${ended} without a result`}`);
    if (this.hooks.live) this.hooks.live.responses = this.result.responses;
    return this.result;
  }
}
