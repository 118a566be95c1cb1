/**
 * What a backend behaviour provides. Most give an express handler; some adjust the HTTP server
 * (timeouts, connection hooks); a few take over entirely (raw sockets, or no listener at all).
 */
import type { RequestHandler } from 'express';
import type { Server } from 'node:http';
import type { ServiceListener } from '../service-listener.js';

export interface ServedCounts {
  /** TCP connections accepted on the service port */
  connections: number;
  /** requests received */
  requests: number;
}

export interface BehaviorContext {
  /** e.g. "app-2" */
  instance: string;
  /** the service port nginx connects to */
  port: number;
  random: () => number;
  /** a line in the application's own log, as a real app would write it */
  log: (message: string) => void;
  counts: ServedCounts;
  /** tells the harness the backend is ready; call once (behaviours with `start` only) */
  ready: () => void;
  /** what the behaviour holds beside its listener (worker threads), released when a reset closes it */
  onClose: (release: () => void) => void;
}

export interface BehaviorImplementation<Config> {
  handler?: (config: Config, context: BehaviorContext) => RequestHandler;
  configureServer?: (server: Server, config: Config, context: BehaviorContext) => void;
  /** takes over the service port; what it returns lets a reset close it (resettable behaviours must return it) */
  start?: (config: Config, context: BehaviorContext) => ServiceListener | void;
}
