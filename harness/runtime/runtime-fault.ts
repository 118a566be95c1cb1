/**
 * What an error the Docker Engine answered during a variant means to the user (pure):
 * - 404 (no such container, network or exec) while the run's lease still holds: something
 *   outside badgateway removed what the variant was using;
 * - any 5xx: the engine itself failed the request (a container whose process was gone before it
 *   started, a network it could not program). Both are infrastructure faults, not badgateway's.
 * Anything else goes on unchanged (a 4xx badgateway caused stays an internal fault).
 */
import { BadgatewayError, EngineFaultError } from '../errors.js';

export function runtimeFault(error: unknown, label: string): unknown {
  if (error instanceof BadgatewayError) return error;
  const e = error as { statusCode?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message.trim().split('\n')[0]! : '';
  if (e?.statusCode === 404 || /no such (container|network)|is not running/i.test(message)) {
    return new EngineFaultError(`${label}: a container or network of this run went away while it ran (${message}); something outside badgateway removed or stopped it (docker rm, docker network rm, a prune, badgateway clean --all).`, 'Nothing this variant measured is kept; run it again without touching its containers.');
  }
  if (typeof e?.statusCode === 'number' && e.statusCode >= 500 && e.statusCode <= 599) {
    return new EngineFaultError(`${label}: the Docker Engine failed a request (${message}).`, 'Nothing this variant measured is kept; run it again. If it repeats, the engine\'s log says why (journalctl -u docker, or /var/log/badgateway-dockerd.log where setup started it).');
  }
  return error;
}
