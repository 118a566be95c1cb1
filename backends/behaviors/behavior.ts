/** What every backend behaviour provides: an express handler for the proxied traffic. */
import type { RequestHandler } from 'express';

export interface BehaviorContext {
  /** e.g. "app-2" */
  instance: string;
  random: () => number;
  log: (message: string) => void;
}

export type BehaviorFactory<Config> = (config: Config, context: BehaviorContext) => RequestHandler;
