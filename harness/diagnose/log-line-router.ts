/**
 * Sends each line to the aggregator it belongs to, whatever file it came in (pure): people paste
 * error and access lines into one file, behind a shipper's prefix or inside Docker's JSON, with
 * `#` comments between them. A file given as an error log is tried as error lines first, an access
 * log as access lines first; a line that is neither is counted as unreadable in its file.
 */
import { readErrorLogLine, UNPARSED_LEVEL } from '../nginx/parse-error-log.js';
import { unwrapEnvelope, withoutPrefixes } from '../nginx/log-envelope.js';
import { UNKNOWN_SIGNATURE } from '../nginx/signatures.js';
import { AccessLogAggregate } from './access-log-aggregate.js';
import { ErrorLogAggregate } from './error-log-aggregate.js';
import { parseAccessLine, type FieldReader, type ParsedAccessLine } from './parse-access-line.js';

export type LogKind = 'error' | 'access';

/** What one file held, line by line. */
export interface FileReading {
  file: string;
  /** what it was given as */
  givenAs: LogKind;
  /** non-blank lines */
  lines: number;
  errorLines: number;
  accessLines: number;
  /** `#` lines (comments pasted with the log) */
  comments: number;
  /** lines that are neither */
  unreadable: number;
  /** error lines of no known signature */
  unknown: number;
}

export class LogLineRouter {
  readonly errors = new ErrorLogAggregate();
  readonly access: AccessLogAggregate;
  readonly files: FileReading[] = [];
  private current: FileReading | undefined;

  constructor(private readonly customFormat?: FieldReader) {
    this.access = new AccessLogAggregate(customFormat);
  }

  startFile(file: string, givenAs: LogKind): void {
    this.current = { file, givenAs, lines: 0, errorLines: 0, accessLines: 0, comments: 0, unreadable: 0, unknown: 0 };
    this.files.push(this.current);
  }

  add(line: string): void {
    const file = this.current ?? (this.startFile('(text)', 'error'), this.current!);
    const raw = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (raw.trim() === '') return;
    // an access log's own lines first, as they are: most lines of most access logs
    const direct = file.givenAs === 'access' ? parseAccessLine(raw, this.customFormat) : undefined;
    if (direct) {
      file.lines += 1;
      return this.addAccess(file, direct);
    }
    const { text } = unwrapEnvelope(raw);
    if (text.trim() === '') return;
    file.lines += 1;
    if (text.trimStart().startsWith('#')) {
      file.comments += 1;
      return;
    }
    const accessFirst = file.givenAs === 'access' && text !== raw ? this.accessLine(text) : undefined;
    if (accessFirst) return this.addAccess(file, accessFirst);
    const error = readErrorLogLine(line);
    if (error && error.level !== UNPARSED_LEVEL) {
      file.errorLines += 1;
      if (error.signature === UNKNOWN_SIGNATURE) file.unknown += 1;
      this.errors.addRecord(error, line);
      return;
    }
    const access = file.givenAs === 'error' || text === raw ? this.accessLine(text) : undefined;
    if (access) return this.addAccess(file, access);
    file.unreadable += 1;
    if (file.givenAs === 'error') this.errors.addUnparsed(line);
    else this.access.addUnparsed(line);
  }

  /** Whether any access-log line was read, or an access log given. */
  get hasAccess(): boolean {
    return this.files.some((f) => f.accessLines > 0 || f.givenAs === 'access');
  }

  private addAccess(file: FileReading, parsed: ParsedAccessLine): void {
    file.accessLines += 1;
    this.access.addParsed(parsed);
  }

  private accessLine(text: string): ParsedAccessLine | undefined {
    const parsed = parseAccessLine(text, this.customFormat);
    if (parsed) return parsed;
    const bare = withoutPrefixes(text.trim());
    return bare === text.trim() ? undefined : parseAccessLine(bare, this.customFormat);
  }
}
