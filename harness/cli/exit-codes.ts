/** The CLI's exit codes; the one place errors become codes is cli/main.ts. */
export const EXIT = {
  ok: 0,
  /** an expectation did not hold */
  expectationFailed: 1,
  /** a scenario or an argument is invalid */
  invalidInput: 2,
  /** Docker unreachable, image missing, port taken, nginx -t failed, a container did not start */
  infrastructure: 3,
  /** a fault in badgateway itself */
  internal: 4,
  /** stopped by SIGINT or SIGTERM; everything it created was removed */
  interrupted: 130,
} as const;
