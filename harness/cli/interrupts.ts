/**
 * SIGINT and SIGTERM abort the run instead of killing the process, so that its containers and
 * networks are removed first. A second signal while cleaning up only says to wait.
 */
export interface Interrupts {
  signal: AbortSignal;
  dispose(): void;
}

export function catchInterrupts(err: NodeJS.WritableStream): Interrupts {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      err.write(`${name} again: still removing what this run created; it takes a few seconds.\n`);
      return;
    }
    err.write(`\n${name}: stopping the run and removing its containers and networks…\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
