/**
 * Typed errors. Each carries a hint that tells the user what to do; the CLI alone turns the
 * error's kind into an exit code (2 for bad input, 3 for infrastructure). Failed expectations are
 * results, never errors.
 */
export type ErrorKind = 'input' | 'infrastructure';

export abstract class BadgatewayError extends Error {
  abstract readonly kind: ErrorKind;
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A scenario or argument is invalid. Every issue is located: "file:line:col path: message". */
export class ScenarioError extends BadgatewayError {
  readonly kind = 'input' as const;
  constructor(readonly issues: string[], hint = 'Fix the scenario where each line says, then run again.') {
    super(issues.join('\n'), hint);
  }
}

export class UsageError extends BadgatewayError {
  readonly kind = 'input' as const;
}

export class DockerUnavailableError extends BadgatewayError {
  readonly kind = 'infrastructure' as const;
}

export class ImageMissingError extends BadgatewayError {
  readonly kind = 'infrastructure' as const;
}

export class PortInUseError extends BadgatewayError {
  readonly kind = 'infrastructure' as const;
}

/** How NginxConfigError's message begins, also in a report's error (which keeps only kind and message). */
export const NGINX_CONFIG_REJECTED = 'nginx -t rejected the rendered config';

/** `nginx -t` rejected the rendered config; output is what nginx printed. */
export class NginxConfigError extends BadgatewayError {
  readonly kind = 'infrastructure' as const;
  constructor(readonly output: string, readonly config: string) {
    super(`${NGINX_CONFIG_REJECTED}:\n${output.trim()}`, 'The config nginx was given is nginx.conf in this variant\'s report folder; check the values it names.');
  }
}

/** The engine keeps a network it was asked to remove (a stale endpoint of a removed container). */
export class StaleNetworkError extends BadgatewayError {
  readonly kind = 'infrastructure' as const;
}

/** A container did not become ready, or exited, within its bound. */
export class RuntimeStartError extends BadgatewayError {
  readonly kind = 'infrastructure' as const;
}

/** The reports folder cannot be written: not writable, read-only, or the disk is full. */
export class ReportsFolderError extends BadgatewayError {
  readonly kind = 'infrastructure' as const;
}

/**
 * The Docker Engine went away during a run (stopped, restarted, killed), or something outside the
 * run removed what it was using (its lease, a container, a network).
 */
export class EngineFaultError extends BadgatewayError {
  readonly kind = 'infrastructure' as const;
}

/** nginx's logs outgrew the space they are kept in, or what badgateway can read: counts would be wrong. */
export class LogSpaceError extends BadgatewayError {
  readonly kind = 'infrastructure' as const;
}
