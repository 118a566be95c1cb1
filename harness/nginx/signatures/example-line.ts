/** Example lines for the catalog: nginx's own prefix and the HTTP module's context (pure). */

/** `2026/11/21 10:00:00 [level] 29#29: *cid message` and the context as given. */
export function exampleLine(level: string, cid: number | null, message: string, context = ''): string {
  return `2026/11/21 10:00:00 [${level}] 29#29: ${cid === null ? '' : `*${cid} `}${message}${context}`;
}

/** `, client: …, server: …, request: "…"[, upstream: "…"], host: "…"` as ngx_http_log_error writes it. */
export function http(request: string, upstream?: string): string {
  return `, client: 203.0.113.7, server: example.com, request: "${request}"${upstream === undefined ? '' : `, upstream: "${upstream}"`}, host: "example.com"`;
}

/** The stream module's context: the listening address as server, the upstream and byte counts. */
export function stream(upstream?: string): string {
  return `, client: 203.0.113.7, server: 0.0.0.0:5432${upstream === undefined ? '' : `, upstream: "${upstream}"`}, bytes from/to client:0/0, bytes from/to upstream:0/0`;
}
