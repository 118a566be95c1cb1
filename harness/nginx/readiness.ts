/**
 * How the harness asks nginx whether it serves: a request for READY_PATH with the Host header
 * READY_HOST answers 200. Templates have the location in their only server; a user's config gets
 * a server of its own with that server_name (its default server may `return 444` first).
 */
export const READY_PATH = '/__badgateway/ready';
export const READY_HOST = '__badgateway_ready';
