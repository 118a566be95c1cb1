/**
 * A template parameter as the nginx setting a user would write in their own config (pure):
 * "proxy_read_timeout 1s", "max_fails=0 on each upstream server", "keepalive 32 in the upstream
 * block, with proxy_http_version 1.1 and proxy_set_header Connection \"\"".
 */

const UPSTREAM_SERVER_FLAGS = new Set(['max_fails', 'fail_timeout']);
const UPSTREAM_BLOCK = new Set(['keepalive_timeout', 'keepalive_requests']);

export function describeParamChange(key: string, value: string, all: Readonly<Record<string, string>>): string {
  if (UPSTREAM_SERVER_FLAGS.has(key)) return `${key}=${value} on each upstream server`;
  if (key === 'keepalive') {
    return value === '0'
      ? 'no keepalive in the upstream block'
      : `keepalive ${value} in the upstream block, with proxy_http_version 1.1 and proxy_set_header Connection ""`;
  }
  if (UPSTREAM_BLOCK.has(key)) return `${key} ${value} in the upstream block`;
  if (key === 'limit_req_rate') {
    if (value === '0') return 'no limit_req';
    const burst = all.limit_req_burst !== undefined && all.limit_req_burst !== '0' ? ` burst=${all.limit_req_burst}` : '';
    return `limit_req_zone ... rate=${value}r/s, limit_req${burst} nodelay`;
  }
  if (key === 'limit_req_burst') return `limit_req burst=${value}`;
  return `${key} ${value}`;
}
