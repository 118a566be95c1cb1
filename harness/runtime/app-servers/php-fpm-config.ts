/**
 * The php-fpm.conf a php-fpm backend runs with (pure): one pool, its settings as the scenario
 * gives them (php-fpm's own defaults otherwise), the script's behaviour in the pool's environment,
 * logs on stderr. FPM runs as an unprivileged user, so the pool has no user, group or
 * listen.owner (FPM ignores or refuses them without root); listen.mode decides who may connect.
 */
import type { PhpFpmServer } from '../../../backends/app-servers/php-fpm/schema.js';
import { PHP_FPM_PORT } from '../../../backends/app-servers/php-fpm/schema.js';
import { parseDurationMs } from '../../scenario/units.js';

export function phpFpmConfig(server: PhpFpmServer, listen: { socket?: string }, env: Record<string, string>): string {
  const children = server.max_children;
  const pm = [`pm = ${server.pm}`, `pm.max_children = ${children}`];
  if (server.pm === 'dynamic') {
    // www.conf's 2 / 1 / 3, kept within max_children as FPM requires
    pm.push(`pm.start_servers = ${Math.min(2, children)}`, 'pm.min_spare_servers = 1', `pm.max_spare_servers = ${Math.min(3, children)}`);
  }
  const address = listen.socket ?? String(PHP_FPM_PORT);
  return [
    '; written by badgateway for this backend',
    '[global]',
    'error_log = /proc/self/fd/2',
    'log_limit = 8192',
    'daemonize = no',
    '',
    '[www]',
    `listen = ${address}`,
    `listen.backlog = ${server.listen_backlog}`,
    ...(listen.socket ? [`listen.mode = ${server.listen_mode}`] : []),
    ...pm,
    `request_terminate_timeout = ${Math.round(parseDurationMs(server.request_terminate_timeout)! / 1000)}s`,
    'catch_workers_output = yes',
    'decorate_workers_output = no',
    'clear_env = yes',
    ...Object.entries(env).map(([name, value]) => `env[${name}] = "${value}"`),
    '',
  ].join('\n');
}
