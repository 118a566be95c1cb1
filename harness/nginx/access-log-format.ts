/**
 * The access-log format every template declares (`{{access_log_format}}`) and uses
 * (`access_log <path> badgateway;`): one JSON object per request, every value a string.
 *
 * What real nginx writes into it (checked by running nginx 1.22.1 with this exact directive):
 * - with `escape=json` a variable that has no value is logged as "" (the default escaping would
 *   write "-"): requests that never reached an upstream (limit_req, `return`, resolver failure)
 *   have "" in every upstream_* field. The parser accepts "-" as well.
 * - upstream_* fields hold one entry per attempt, ", "-separated ("502, 200"), and " : " between
 *   the attempts of successive locations after an internal redirect ("502 : 200").
 * - inside a list, "-" stands for an attempt that never got that far (header time of an attempt
 *   that timed out, connect time of a refused connect).
 * - times are seconds with millisecond resolution ("0.001"); $msec is epoch seconds ("…535.956").
 * - $status is always three digits: a backend that answers without a status line is passed on
 *   as HTTP/0.9 and logged as "009".
 */

export const ACCESS_LOG_FORMAT_NAME = 'badgateway';

/** JSON key → nginx variable, in the order they appear in each line. */
export const ACCESS_LOG_FIELDS = {
  msec: '$msec',
  request_id: '$request_id',
  status: '$status',
  method: '$request_method',
  uri: '$request_uri',
  request_time: '$request_time',
  upstream_addr: '$upstream_addr',
  upstream_status: '$upstream_status',
  upstream_connect_time: '$upstream_connect_time',
  upstream_header_time: '$upstream_header_time',
  upstream_response_time: '$upstream_response_time',
  bytes_sent: '$bytes_sent',
  connection: '$connection',
  connection_requests: '$connection_requests',
} as const;

export type AccessLogField = keyof typeof ACCESS_LOG_FIELDS;

/** One access-log line as nginx wrote it, before any interpretation. */
export type RawAccessLogRecord = Record<AccessLogField, string>;

const jsonBody = Object.entries(ACCESS_LOG_FIELDS)
  .map(([key, variable]) => `"${key}":"${variable}"`)
  .join(',');

/** The full directive, for the `http` block of nginx.conf. */
export const ACCESS_LOG_FORMAT = `log_format ${ACCESS_LOG_FORMAT_NAME} escape=json '{${jsonBody}}';`;
