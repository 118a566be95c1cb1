/**
 * Shell scripts the runtime runs inside the nginx container (POSIX sh: dash, busybox), as nginx's
 * unprivileged user: through the shell that is the container's main process (shell-channel.ts),
 * or with `docker exec` for the logs (a tar archive, of any size). nginx runs as a daemon that the
 * runtime starts, and stops before the next variant, so one container serves variant after
 * variant and each variant gets a new nginx master.
 */
import { basename } from 'node:path';
import { PATHS } from './runtime.js';

/** pid file every config the harness renders or adapts uses */
export const NGINX_PID_FILE = '/tmp/nginx.pid';
/** where a reload's config is checked before it replaces the one the master re-reads */
export const NEXT_CONFIG = `${PATHS.nginxConfig}.next`;

/** Exit codes of SERVE_SCRIPT that are not a failed start. */
export const SERVE_EXIT = { configRejected: 3, stillRunning: 4, tooManyClosed: 5 } as const;

/**
 * A new master for the next variant, in one round trip:
 * 1. the config from standard input into nginx's config file;
 * 2. every nginx process of the previous variant stopped (TERM: a fast shutdown, workers close
 *    their connections at once; again every 0.5 s, KILL after 3 s) and waited for until none is
 *    left, so no worker of an earlier generation can serve or write a log line;
 * 3. refused when the network namespace keeps more than $1 connections in TIME_WAIT;
 * 4. `nginx -t` (its time in ms printed as "check-ms N");
 * 5. every file an earlier master left removed (logs, temp and cache files under the writable
 *    folders: nginx runs unprivileged and can write nowhere else);
 * 6. nginx started as a daemon (it returns once the master runs and listens).
 */
export const SERVE_SCRIPT = `
cat > ${PATHS.nginxConfig} || exit 1
ms() { read -r up rest < /proc/uptime; echo $(( \${up%.*} * 1000 + 10 * 1\${up#*.} - 1000 )); }
nginx_pids() {
  for d in /proc/[0-9]*; do
    { read -r name < "$d/comm"; read -r stat < "$d/stat"; } 2>/dev/null || continue
    [ "$name" = nginx ] || continue
    set -- $stat
    [ "$3" = Z ] || printf ' %s' "\${d#/proc/}"
  done
}
master=$(cat ${NGINX_PID_FILE} 2>/dev/null)
[ -n "$master" ] && kill -TERM "$master" 2>/dev/null
i=0
while left=$(nginx_pids); [ -n "$left" ]; do
  i=$((i + 1))
  [ $i -gt 400 ] && { echo "nginx processes$left did not exit" >&2; exit ${SERVE_EXIT.stillRunning}; }
  [ $i -eq 300 ] && kill -KILL $left 2>/dev/null
  [ $((i % 50)) -eq 0 ] && [ $i -lt 300 ] && kill -TERM $left 2>/dev/null
  sleep 0.01
done
while read -r proto k1 inuse k2 orphan k3 tw rest; do
  [ "$proto" = TCP: ] && [ "$tw" -gt "$1" ] && { echo "$tw connections in TIME_WAIT" >&2; exit ${SERVE_EXIT.tooManyClosed}; }
done < /proc/net/sockstat
t=$(ms)
nginx -e stderr -t -c ${PATHS.nginxConfig} 2>/tmp/badgateway-check || { cat /tmp/badgateway-check >&2; exit ${SERVE_EXIT.configRejected}; }
echo "check-ms $(( $(ms) - t ))"
find /tmp /var/tmp ${PATHS.nginxLogDir} -mindepth 1 -maxdepth 1 -user "$(id -u)" -exec rm -rf {} + 2>/dev/null
exec nginx -e stderr -c ${PATHS.nginxConfig}
`;

/**
 * A reload while nginx serves (a chaos action): the config from standard input is checked first
 * (exit 3 when nginx -t rejects it), then replaces the file the master re-reads, and the master is
 * told to reload.
 */
export const RELOAD_SCRIPT = `cat > ${NEXT_CONFIG} && { nginx -e stderr -t -c ${NEXT_CONFIG} || exit 3; } && cat ${NEXT_CONFIG} > ${PATHS.nginxConfig} && exec nginx -e stderr -c ${PATHS.nginxConfig} -s reload`;

/**
 * Both logs in one round trip, as a tar archive on stdout (exact sizes, whatever the lines hold);
 * on stderr the TCP line of the network namespace's socket counts, and the log folder's free and
 * total space ("log-space <free KiB> <total KiB>"): a folder that filled lost lines.
 */
/** the network namespace's TCP counts and the log folder's free and total space, one line each */
const LOG_NOTES = `grep '^TCP:' /proc/net/sockstat; df -Pk ${PATHS.nginxLogDir} | { read -r header; read -r fs size used free rest; echo "log-space $free $size"; }`;

export const LOGS_SCRIPT = `tar -cf - -C ${PATHS.nginxLogDir} ${basename(PATHS.accessLog)} ${basename(PATHS.errorLog)}; { ${LOG_NOTES}; } >&2`;

/** SMALL_LOGS_SCRIPT's exit status when the logs hold more than it was asked to send (or base64 is missing) */
export const SMALL_LOGS_TOO_BIG = 10;
/** the line SMALL_LOGS_SCRIPT prints before the archive */
export const LOGS_ARCHIVE_MARK = 'badgateway-logs-tar-base64';

/**
 * Both logs through the container's shell when together they hold at most $1 bytes (a text
 * channel: the archive in base64): first the same lines LOGS_SCRIPT prints on stderr (the TCP
 * line, the log space), then LOGS_ARCHIVE_MARK and the archive. Exits SMALL_LOGS_TOO_BIG
 * otherwise, and LOGS_SCRIPT streams them.
 */
export const SMALL_LOGS_SCRIPT = `cd ${PATHS.nginxLogDir} || exit 1
${LOG_NOTES}
total=0
for f in ${basename(PATHS.accessLog)} ${basename(PATHS.errorLog)}; do [ -f "$f" ] && total=$((total + $(wc -c < "$f"))); done
[ "$total" -le "$1" ] && command -v base64 >/dev/null 2>&1 || exit ${SMALL_LOGS_TOO_BIG}
echo ${LOGS_ARCHIVE_MARK}
tar -cf - ${basename(PATHS.accessLog)} ${basename(PATHS.errorLog)} | base64`;

/** "log-space 1024 262144" → { freeKiB: 1024, totalKiB: 262144 } */
export function logSpaceOf(stderr: string): { freeKiB: number; totalKiB: number } | undefined {
  const match = /^log-space (\d+) (\d+)$/m.exec(stderr);
  return match ? { freeKiB: Number(match[1]), totalKiB: Number(match[2]) } : undefined;
}

/** "TCP: inuse 1 orphan 0 tw 12 alloc 3 mem 1" → 12 */
export function timeWaitOf(sockstat: string): number | undefined {
  const match = /^TCP:.* tw (\d+)/m.exec(sockstat);
  return match ? Number(match[1]) : undefined;
}

/** "yes" while the master named in the pid file runs */
export const MASTER_ALIVE_SCRIPT = `kill -0 "$(cat ${NGINX_PID_FILE} 2>/dev/null)" 2>/dev/null && echo yes || echo no`;

/** The time `nginx -t` took, from SERVE_SCRIPT's output (10 ms resolution). */
export function checkMsOf(output: string): number | undefined {
  const match = /^check-ms (\d+)$/m.exec(output);
  return match ? Number(match[1]) : undefined;
}

/** SERVE_SCRIPT's output without its check-ms line: what nginx itself printed. */
export function withoutCheckMs(output: string): string {
  return output.replace(/^check-ms \d+\n?/m, '');
}
