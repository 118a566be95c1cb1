/**
 * Folds error-log lines, one at a time, into bounded counts (pure): per signature (from the one
 * catalog, through harness/nginx/parse-error-log.ts), per upstream, per endpoint, per time bucket,
 * with a few examples. Per-line data is never kept.
 */
import { readErrorLogLine, UNPARSED_LEVEL, type ErrorLogRecord } from '../nginx/parse-error-log.js';
import { UNKNOWN_SIGNATURE } from '../nginx/signatures.js';
import { splitRequestLine } from './access-record.js';
import { BoundedTally, bump, detach, Examples, type Counts } from './bounded-tally.js';
import { endpointKey, upstreamKey } from './endpoint.js';
import { errorLogSeconds } from './time-key.js';
import { TimeSeries, type SeriesSnapshot } from './time-series.js';

export interface SignatureFacts {
  count: number;
  firstS: number | undefined;
  lastS: number | undefined;
  /** index (0-based, over all files in the order given) of the first and last line */
  firstLine: number;
  lastLine: number;
  methods: Counts;
  /** what nginx was doing: "connect", "send", "header", "body" (from the message's "while ...") */
  phases: Counts;
  examples: string[];
}

/** When failure lines (errors, not warnings) to one upstream server started and ended. */
export interface UpstreamWindow {
  firstS: number;
  lastS: number;
  lines: number;
}

export interface UnknownFamily {
  count: number;
  level: string;
  example: string;
}

export interface ErrorLogFacts {
  /** non-blank lines */
  lines: number;
  /** lines not in the error-log format at all */
  unparsed: number;
  unparsedExamples: string[];
  levels: Counts;
  signatureCounts: Counts;
  signatures: Record<string, SignatureFacts>;
  /** upstream server → signature counts */
  perUpstream: Record<string, Counts>;
  /** "METHOD /path" → signature counts */
  perEndpoint: Record<string, Counts>;
  /** upstream server → when its failure lines started and ended */
  upstreamWindows: Record<string, UpstreamWindow>;
  /** lines of no known signature, grouped by their message with numbers and quoted text folded */
  unknownFamilies: Record<string, UnknownFamily>;
  firstS: number | undefined;
  lastS: number | undefined;
  /** counts per signature id per bucket ("unknown" included) */
  series: SeriesSnapshot;
  /** nginx lines pasted without their date: classified, not on the timeline */
  untimed: number;
  /** lines of the stream module (TCP/UDP proxy) */
  streamLines: number;
  /** the version nginx logged at startup ("nginx/1.22.1" notice), when the log has it */
  nginxVersion: string | undefined;
}

const MAX_UPSTREAMS = 200;
const MAX_ENDPOINTS = 300;
const MAX_FAMILIES = 50;
const EXAMPLES = 3;
const PHASES: [string, string][] = [
  ['while connecting to upstream', 'connect'],
  ['while SSL handshaking to upstream', 'tls'],
  ['while sending request to upstream', 'send'],
  ['while reading response header from upstream', 'header'],
  ['while reading upstream', 'body'],
];

interface SignatureState {
  facts: SignatureFacts;
  examples: Examples;
}

export class ErrorLogAggregate {
  private lines = 0;
  private unparsed = 0;
  private readonly unparsedExamples = new Examples(5);
  private readonly levels: Counts = {};
  private readonly signatures = new Map<string, SignatureState>();
  private readonly perUpstream = new BoundedTally<Counts>(MAX_UPSTREAMS, () => ({}));
  private readonly perEndpoint = new BoundedTally<Counts>(MAX_ENDPOINTS, () => ({}));
  private readonly windows = new BoundedTally<UpstreamWindow>(MAX_UPSTREAMS, () => ({ firstS: Infinity, lastS: -Infinity, lines: 0 }));
  private readonly families = new BoundedTally<UnknownFamily>(MAX_FAMILIES, () => ({ count: 0, level: '', example: '' }));
  private readonly series = new TimeSeries();
  private firstS: number | undefined;
  private lastS: number | undefined;
  private untimed = 0;
  private stream = 0;
  private nginxVersion: string | undefined;

  add(line: string): void {
    const parsed = readErrorLogLine(line);
    if (!parsed) return;
    if (parsed.level === UNPARSED_LEVEL) this.addUnparsed(line);
    else this.addRecord(parsed, line);
  }

  /** A line that is not nginx's (nor an access-log line). */
  addUnparsed(line: string): void {
    this.lines += 1;
    bump(this.levels, UNPARSED_LEVEL);
    this.unparsed += 1;
    this.unparsedExamples.add(line);
  }

  addRecord(parsed: ErrorLogRecord, line: string): void {
    const index = this.lines;
    this.lines += 1;
    bump(this.levels, parsed.level);
    if (parsed.time === '') this.untimed += 1;
    if (parsed.module === 'stream') this.stream += 1;
    if (this.nginxVersion === undefined && parsed.signature === 'nginx-process') {
      const version = /^nginx\/(\d+\.\d+\.\d+)/.exec(parsed.message);
      if (version) this.nginxVersion = version[1];
    }
    const timeS = errorLogSeconds(parsed.time);
    if (timeS !== undefined) {
      if (this.firstS === undefined || timeS < this.firstS) this.firstS = timeS;
      if (this.lastS === undefined || timeS > this.lastS) this.lastS = timeS;
      this.series.add(timeS, parsed.signature);
    }
    const [method, uri] = parsed.request === undefined ? ['', ''] : splitRequestLine(parsed.request);
    const state = this.signatureState(parsed.signature, index);
    const facts = state.facts;
    facts.count += 1;
    facts.lastLine = index;
    if (timeS !== undefined) {
      if (facts.firstS === undefined || timeS < facts.firstS) facts.firstS = timeS;
      if (facts.lastS === undefined || timeS > facts.lastS) facts.lastS = timeS;
    }
    if (method !== '') bump(facts.methods, method);
    state.examples.add(line);
    const phase = PHASES.find(([suffix]) => parsed.message.endsWith(suffix));
    if (phase) bump(facts.phases, phase[1]);
    if (parsed.upstream !== undefined) {
      const upstream = upstreamKey(parsed.upstream);
      bump(this.perUpstream.get(upstream), parsed.signature);
      if (timeS !== undefined && parsed.signature !== UNKNOWN_SIGNATURE && parsed.level !== 'warn') {
        const window = this.windows.get(upstream);
        window.firstS = Math.min(window.firstS, timeS);
        window.lastS = Math.max(window.lastS, timeS);
        window.lines += 1;
      }
    }
    if (parsed.request !== undefined) bump(this.perEndpoint.get(endpointKey(method, uri)), parsed.signature);
    if (parsed.signature === UNKNOWN_SIGNATURE) {
      const family = this.families.get(familyOf(parsed.message));
      family.count += 1;
      if (family.example === '') {
        family.level = detach(parsed.level);
        family.example = detach(line.length > 400 ? `${line.slice(0, 400)}…` : line);
      }
    }
  }

  result(): ErrorLogFacts {
    const signatures: Record<string, SignatureFacts> = {};
    const signatureCounts: Counts = {};
    for (const [id, state] of this.signatures) {
      signatures[id] = { ...state.facts, examples: state.examples.items };
      signatureCounts[id] = state.facts.count;
    }
    return {
      lines: this.lines,
      unparsed: this.unparsed,
      unparsedExamples: this.unparsedExamples.items,
      levels: { ...this.levels },
      signatureCounts,
      signatures,
      perUpstream: this.perUpstream.map((counts) => ({ ...counts })),
      perEndpoint: this.perEndpoint.map((counts) => ({ ...counts })),
      upstreamWindows: this.windows.map((w) => ({ ...w })),
      unknownFamilies: this.families.map((family) => ({ ...family })),
      firstS: this.firstS,
      lastS: this.lastS,
      series: this.series.snapshot(),
      untimed: this.untimed,
      streamLines: this.stream,
      nginxVersion: this.nginxVersion,
    };
  }

  private signatureState(id: string, index: number): SignatureState {
    let state = this.signatures.get(id);
    if (!state) {
      state = {
        facts: { count: 0, firstS: undefined, lastS: undefined, firstLine: index, lastLine: index, methods: {}, phases: {}, examples: [] },
        examples: new Examples(EXAMPLES),
      };
      this.signatures.set(id, state);
    }
    return state;
  }
}

/** "connect() failed (113: No route to host) while connecting to upstream" stays; numbers and quotes fold. */
export function familyOf(message: string): string {
  return message
    .replace(/"[^"]*"?/g, '"…"')
    .replace(/\d+/g, 'N')
    .slice(0, 120);
}
