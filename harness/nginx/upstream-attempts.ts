/**
 * The $upstream_* lists of one request as attempts (pure): one entry per attempt, ", " between
 * attempts, " : " between the attempts of successive locations, "-" (or "" under escape=json)
 * for what an attempt never reached. Takes the five texts from any log format: the harness's JSON
 * access log and the logs diagnose reads both come here.
 */

/** One attempt at an upstream server within a request (a retried request has several). */
export interface UpstreamAttempt {
  /** "172.18.0.2:8080", or "" when nginx logged none */
  addr: string;
  status: number | null;
  connectTimeMs: number | null;
  headerTimeMs: number | null;
  responseTimeMs: number | null;
  /** 0 for the first location; +1 for each internal redirect (" : " in the log) */
  group: number;
}

export interface UpstreamTexts {
  addr: string;
  status: string;
  connect: string;
  header: string;
  response: string;
}

const STATUS = /^\d{1,3}$/;
const SECONDS = /^\d+(?:\.\d+)?$/;

export function parseUpstreamAttempts(texts: UpstreamTexts): UpstreamAttempt[] {
  if (isEmpty(texts.addr) && isEmpty(texts.status) && isEmpty(texts.response)) return [];
  const addrs = groups(texts.addr);
  const statuses = groups(texts.status);
  const connects = groups(texts.connect);
  const headers = groups(texts.header);
  const responses = groups(texts.response);
  const all = [addrs, statuses, connects, headers, responses];
  const groupCount = Math.max(...all.map((list) => list.length));
  const result: UpstreamAttempt[] = [];
  for (let g = 0; g < groupCount; g += 1) {
    const size = Math.max(...all.map((list) => list[g]?.length ?? 0));
    for (let i = 0; i < size; i += 1) {
      const addr = addrs[g]?.[i] ?? '';
      const status = statuses[g]?.[i] ?? '';
      result.push({
        addr: isEmpty(addr) ? '' : addr,
        status: STATUS.test(status) ? Number(status) : null,
        connectTimeMs: milliseconds(connects[g]?.[i]),
        headerTimeMs: milliseconds(headers[g]?.[i]),
        responseTimeMs: milliseconds(responses[g]?.[i]),
        group: g,
      });
    }
  }
  return result;
}

function groups(text: string): string[][] {
  if (isEmpty(text)) return [];
  return text.split(' : ').map((group) => group.split(',').map((item) => item.trim()));
}

function isEmpty(text: string): boolean {
  return text === '' || text === '-';
}

function milliseconds(text: string | undefined): number | null {
  return text !== undefined && SECONDS.test(text) ? Math.round(Number(text) * 1000) : null;
}
