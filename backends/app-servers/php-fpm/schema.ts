/**
 * php-fpm: PHP-FPM 8.2 runs the project's small PHP script (index.php) behind nginx's fastcgi_pass,
 * over TCP (port 9000, as the official image) or over a unix socket in the shared socket volume.
 * Defaults are php-fpm's own (www.conf): pm dynamic with 5 children, listen.backlog 511,
 * request_terminate_timeout 0 (off), listen.mode 0660.
 */
import { z } from 'zod';
import { durationSchema, LIMITS } from '../../../harness/scenario/schema-parts.js';

export const PHP_FPM_PORT = 9000;

export const phpScriptSchema = z.strictObject({
  delay: durationSchema(LIMITS.maxBackendDelayMs).default('0s').describe('How long the script works (usleep) before it answers.'),
  outcome: z
    .enum(['ok', 'crash', 'fatal'])
    .default('ok')
    .describe('ok: echo a body; crash: the worker process dies (SIGKILL) after the delay, as a segfault or an OOM kill does; fatal: a PHP fatal error (the client gets 500, its message goes to stderr).'),
  stderr: z
    .string()
    .regex(/^[A-Za-z0-9 .,:_()/'-]{1,200}$/, 'must be one line of letters, digits, spaces and .,:_()/\'-')
    .optional()
    .describe("A line the script writes with error_log() (nginx logs it as 'FastCGI sent in stderr', not a failure)."),
});

export const phpFpmSchema = z.strictObject({
  kind: z.literal('php-fpm'),
  pm: z.enum(['static', 'dynamic', 'ondemand']).default('dynamic').describe('pm: how the pool sizes itself (dynamic by default).'),
  max_children: z.int().min(1).max(64).default(5).describe('pm.max_children: requests served at once; the rest wait in the listen backlog.'),
  listen_backlog: z.int().min(1).max(4096).default(511).describe('listen.backlog: connections that wait for a free child; past it a unix socket refuses with EAGAIN (11) and TCP drops SYNs.'),
  request_terminate_timeout: durationSchema(LIMITS.maxBackendDelayMs).default('0s').describe('request_terminate_timeout: a script running longer is killed (0s: never). Whole seconds.'),
  listen_mode: z.string().regex(/^0[0-7]{3}$/, 'must be an octal mode (e.g. 0660)').default('0660').describe("listen.mode of the unix socket (0660: only FPM's own user and group may connect)."),
  listen_socket: z
    .string()
    .regex(/^\/run\/[a-z0-9._-]+\/[A-Za-z0-9._-]+\.sock$/, 'must be a socket path like /run/php/php8.2-fpm.sock')
    .optional()
    .describe("Where FPM listens when it is not the backend's socket (a pool config that names another path than nginx's fastcgi_pass); same directory."),
  script: phpScriptSchema.default({ delay: '0s', outcome: 'ok' }).describe('What index.php does.'),
});

export type PhpFpmServer = z.output<typeof phpFpmSchema>;
