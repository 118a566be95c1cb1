/**
 * Causes read from the signatures of a backend nginx cannot reach or cannot talk to: an app
 * server on a unix socket that is down or saturated, a host gone or firewalled, ephemeral ports
 * or file descriptors exhausted, TLS to the upstream, framing nginx 1.23+ rejects, a backend that
 * speaks another protocol. Each signature says what happened; the rule says what to do.
 */
import { count, linesEvidence, type CauseCandidate, type CauseInput } from './cause-input.js';
import type { CauseId } from '../diagnosis.js';

interface Family {
  id: CauseId;
  signatures: string[];
  title: string;
  fixes: string[];
  decidedBy?: string;
}

const FAMILIES: Family[] = [
  {
    id: 'app-server-down', signatures: ['unix-socket-missing', 'unix-socket-refused'],
    title: 'the app server behind the unix socket is not running (PHP-FPM, Gunicorn, uWSGI): no socket file, or a stale one nothing accepts on',
    fixes: ['start the app server and check that it listens on the path nginx uses (listen = … in the PHP-FPM pool, gunicorn --bind unix:…)', 'make nginx start after it, and restart it automatically when it dies'],
  },
  {
    id: 'app-server-saturated', signatures: ['unix-socket-busy'],
    title: "the app server's socket backlog is full: every worker is busy (PHP-FPM pm.max_children reached)",
    fixes: ['raise pm.max_children (or the worker count) if memory allows, and listen.backlog', 'find the slow requests that hold the workers (the slow log: request_slowlog_timeout)'],
    decidedBy: "the app server's own log (\"server reached pm.max_children setting\")",
  },
  {
    id: 'backend-unreachable', signatures: ['connect-no-route', 'connect-network-unreachable', 'connect-permission-denied'],
    title: 'nginx cannot reach the backend host: it is gone, a route is missing, or a firewall or SELinux rejects the connection',
    fixes: ['check that the backend address is current (a stopped container or rescheduled pod leaves a stale IP: resolve names at run time)', 'check firewall rules between nginx and the backend; on SELinux hosts: setsebool -P httpd_can_network_connect 1'],
    decidedBy: 'whether the backend address still exists (ip route get ADDR and ping from the nginx host)',
  },
  {
    id: 'ephemeral-ports-exhausted', signatures: ['connect-address-not-available'],
    title: 'nginx ran out of local ports for new upstream connections (connections in TIME_WAIT)',
    fixes: ['reuse upstream connections: keepalive N in the upstream with proxy_http_version 1.1 and proxy_set_header Connection ""', 'widen net.ipv4.ip_local_port_range, or spread over more backend addresses'],
  },
  {
    id: 'upstream-tls', signatures: ['upstream-ssl-handshake-failed', 'upstream-ssl-certificate-invalid', 'upstream-ssl-certificate-name-mismatch', 'upstream-timed-out-ssl-handshake'],
    title: 'TLS between nginx and the backend fails (protocol, certificate, name or SNI)',
    fixes: ['"wrong version number": the backend does not speak TLS on that port (use http://, or the TLS port)', 'certificates: proxy_ssl_trusted_certificate with the issuing CA, proxy_ssl_name for the name on the certificate', 'a backend that needs SNI: proxy_ssl_server_name on'],
  },
  {
    id: 'framing-conflict', signatures: ['upstream-duplicate-header'],
    title: 'the backend sends conflicting length headers (Content-Length twice, or with Transfer-Encoding): nginx 1.23 and later answer 502',
    fixes: ['fix the backend (or a middleware) that adds a second Content-Length or both Content-Length and Transfer-Encoding', 'this appears on upgrading from nginx 1.22: the backend was already wrong'],
  },
  {
    id: 'wrong-protocol', signatures: ['fastcgi-protocol-mismatch', 'grpc-protocol-error'],
    title: 'nginx and the backend do not speak the same protocol (fastcgi_pass or grpc_pass to an HTTP port, or plain vs TLS)',
    fixes: ['point fastcgi_pass / grpc_pass at the FastCGI / HTTP/2 port, or use proxy_pass for an HTTP backend; grpcs:// for a TLS gRPC backend'],
  },
  {
    id: 'file-descriptors', signatures: ['too-many-open-files'],
    title: "nginx's workers ran out of file descriptors",
    fixes: ['raise worker_rlimit_nofile (and the service LimitNOFILE) to at least twice worker_connections'],
  },
];

export function reachCauses(input: CauseInput): CauseCandidate[] {
  return FAMILIES.flatMap((family) => {
    const n = count(input, ...family.signatures);
    if (n === 0) return [];
    return [{
      id: family.id,
      title: family.title,
      confidence: 'high',
      explains: n,
      evidence: family.signatures.filter((id) => count(input, id) > 0).map((id) => linesEvidence(input, id)),
      fixes: family.fixes,
      reproducible: false,
      ...(family.decidedBy ? { decidedBy: family.decidedBy } : {}),
    }];
  });
}
