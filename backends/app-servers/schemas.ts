/**
 * Real app servers as backends: a scenario's `server.kind` picks one. Each folder holds its schema
 * (what a scenario may set, with the server's real defaults) and the small app it runs.
 */
import { z } from 'zod';
import { gunicornSchema } from './gunicorn/schema.js';
import { nodeServerSchema } from './node/schema.js';
import { phpFpmSchema } from './php-fpm/schema.js';
import { uvicornSchema } from './uvicorn/schema.js';

const APP_SERVER_SCHEMAS = [phpFpmSchema, gunicornSchema, uvicornSchema, nodeServerSchema] as const;

export const APP_SERVER_KINDS = APP_SERVER_SCHEMAS.map((s) => s.shape.kind.value);

export const appServerSchema = z.discriminatedUnion('kind', [...APP_SERVER_SCHEMAS], {
  error: `must have a known kind (${APP_SERVER_KINDS.join(', ')})`,
});

export type AppServer = z.output<typeof appServerSchema>;
/** the protocol each kind speaks to nginx */
export const APP_SERVER_PROTOCOL: Record<AppServer['kind'], 'http' | 'fastcgi'> = { 'php-fpm': 'fastcgi', gunicorn: 'http', uvicorn: 'http', node: 'http' };
