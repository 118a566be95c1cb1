/**
 * One client connection on a raw socket, one request at a time. Each request written ends
 * exactly once, through `ended`: a complete response with its status, or a failure of one kind
 * (FAILURE_KINDS or a socket error code), with the status of a response cut in its body.
 */
import { Buffer } from 'node:buffer';
import { connect, type Socket } from 'node:net';
import { FAILURE_KINDS } from '../../observe/observation.js';
import type { PreparedRequest } from './request-bytes.js';
import { ResponseParser } from './response-parser.js';

export interface Flight {
  request: PreparedRequest;
  /** ms since load start: when it was meant to start (the send, in the closed model) */
  intendedMs: number;
  /** ms since load start: when it was written */
  sentMs: number;
}

export type FlightEnd =
  | { kind: 'response'; status: number }
  | { kind: 'failure'; failure: string; status?: number };

export interface ConnectionEvents {
  ended(connection: ClientConnection, flight: Flight, end: FlightEnd): void;
  /** the socket is gone (after ended, when a request was in flight) */
  closed(connection: ClientConnection): void;
}

export class ClientConnection {
  private readonly socket: Socket;
  private readonly parser = new ResponseParser();
  private errorCode: string | undefined;
  flight: Flight | undefined;
  /** false once the server or the client ended the connection, or asked to */
  usable = true;

  constructor(host: string, port: number, private readonly events: ConnectionEvents, readBuffer: Buffer) {
    // onread: reads land in a buffer shared by the engine's connections, without a new Buffer and a
    // 'data' event per read (the parser copies what it keeps)
    this.socket = connect({ host, port, noDelay: true, onread: { buffer: readBuffer, callback: (n: number, buffer: Uint8Array) => this.onData(Buffer.from(buffer.buffer, buffer.byteOffset, n)) } });
    this.socket.on('error', (error: NodeJS.ErrnoException) => { this.errorCode ??= error.code ?? 'connection-error'; });
    this.socket.on('close', () => this.onClose());
  }

  send(flight: Flight): void {
    this.flight = flight;
    this.parser.begin(flight.request.expectBody);
    this.socket.write(flight.request.bytes);
  }

  /** Ends the request in flight as `failure` (the client gave up) and closes the connection. */
  abandon(failure: string): void {
    const flight = this.flight;
    this.usable = false;
    if (flight) this.finish(flight, { kind: 'failure', failure });
    this.socket.destroy();
  }

  /** Closes an idle connection. */
  close(): void {
    this.usable = false;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): boolean {
    const flight = this.flight;
    if (!flight) {
      // bytes nobody asked for: the connection can no longer be trusted
      this.close();
      return true;
    }
    const outcome = this.parser.feed(chunk);
    if (!outcome) return true;
    if (outcome.kind === 'invalid') {
      this.usable = false;
      this.finish(flight, { kind: 'failure', failure: FAILURE_KINDS.invalidResponse });
      this.socket.destroy();
      return true;
    }
    if (!outcome.keepAlive) this.usable = false;
    this.finish(flight, { kind: 'response', status: outcome.status });
    if (!this.usable) this.socket.destroy();
    return true;
  }

  private onClose(): void {
    this.usable = false;
    const flight = this.flight;
    if (flight) {
      const outcome = this.parser.end();
      if (!outcome || outcome.kind === 'no-response') {
        this.finish(flight, { kind: 'failure', failure: this.errorCode ?? FAILURE_KINDS.noResponse });
      } else if (outcome.kind === 'complete') {
        this.finish(flight, { kind: 'response', status: outcome.status });
      } else if (outcome.kind === 'truncated') {
        this.finish(flight, { kind: 'failure', failure: FAILURE_KINDS.truncated, status: outcome.status });
      } else {
        this.finish(flight, { kind: 'failure', failure: FAILURE_KINDS.invalidResponse });
      }
    }
    this.events.closed(this);
  }

  private finish(flight: Flight, end: FlightEnd): void {
    if (this.flight !== flight) return;
    this.flight = undefined;
    this.events.ended(this, flight, end);
  }
}
