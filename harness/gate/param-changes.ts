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
  return NETWORK_PARAMS[key]?.(value, all) ?? `${key} ${value}`;
}

/** The template's parameters for how nginx reaches the backends, as nginx.conf says them. */
const NETWORK_PARAMS: Record<string, (value: string, all: Readonly<Record<string, string>>) => string> = {
  proxy_pass_scheme: (value) => `proxy_pass ${value}://...`,
  proxy_pass_target: (value, all) => value === 'variable'
    ? `proxy_pass with the host in a variable, resolved at request time (set $upstream_host ${all.proxy_pass_host || '<name>'}; proxy_pass ${all.proxy_pass_scheme ?? 'http'}://$upstream_host:<port>)`
    : 'proxy_pass to an upstream block (its names resolved once, at startup)',
  proxy_pass_host: (value) => `set $upstream_host ${value} (the name proxy_pass resolves)`,
  resolver: (value) => (value === 'off' ? 'no resolver' : value === 'dns-server' ? 'resolver <a DNS server that answers for your backends>' : `resolver ${value}`),
  resolver_valid: (value) => (value === '0s' ? 'resolver without valid= (the answers\' TTL)' : `resolver ... valid=${value}`),
  proxy_ssl_trusted_certificate: (value) => (value === 'system' ? 'proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt' : "proxy_ssl_trusted_certificate <the CA that signs your backends' certificates>"),
};
