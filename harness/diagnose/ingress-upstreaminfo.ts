/**
 * ingress-nginx's `upstreaminfo` log format after the combined part (pure):
 *
 *   … "$http_user_agent" $request_length $request_time [$proxy_upstream_name]
 *     [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length
 *     $upstream_response_time $upstream_status $req_id
 *
 * The number right after the user agent is $request_length, never the status. The upstream
 * fields are lists (", " between attempts, " : " between locations) so they are split on the
 * spaces that are not list separators.
 */

const HEAD = /^ (\d+) (\d+(?:\.\d+)?|-) \[([^\]]*)\] \[([^\]]*)\] (.+)$/;
const LIST_SEPARATOR = /(, | : )/g;

export function readUpstreamInfo(rest: string): Map<string, string> | undefined {
  const head = HEAD.exec(rest);
  if (!head) return undefined;
  const [, requestLength = '', requestTime = '', upstreamName = '', , tail = ''] = head;
  const tokens = tail.replace(LIST_SEPARATOR, (separator) => (separator === ', ' ? '\u0001' : '\u0002')).split(' ');
  if (tokens.length !== 5) return undefined;
  const [addr = '', length = '', time = '', status = '', requestId = ''] = tokens.map((t) => t.replace(/\u0001/g, ', ').replace(/\u0002/g, ' : '));
  if (!/^[\d\s,:-]+$/.test(status)) return undefined;
  return new Map([
    ['request_length', requestLength], ['request_time', requestTime], ['proxy_upstream_name', upstreamName],
    ['upstream_addr', addr], ['upstream_response_length', length], ['upstream_response_time', time],
    ['upstream_status', status], ['req_id', requestId],
  ]);
}
