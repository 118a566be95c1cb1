/**
 * A testcontainers GenericContainer that publishes its ports on 127.0.0.1 only (testcontainers
 * binds every interface) and runs with least privilege: a non-root user, no capabilities, no
 * privilege escalation, bounded memory and process count.
 */
import { GenericContainer } from 'testcontainers';

export interface Confinement {
  /** "uid:gid"; the image's own user when omitted (the user's app image) */
  user?: string;
  memoryBytes: number;
  pidsLimit: number;
}

export class LoopbackContainer extends GenericContainer {
  /** Publishes containerPort on 127.0.0.1: hostPort 0 lets the engine choose a free port. */
  withLoopbackPort(containerPort: number, hostPort = 0): this {
    this.withExposedPorts(containerPort);
    this.hostConfig.PortBindings = {
      ...this.hostConfig.PortBindings,
      [`${containerPort}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }],
    };
    return this;
  }

  /** Docker's restart policy: what the engine does when the main process exits. */
  withRestartPolicy(policy: 'no' | 'on-failure' | 'always'): this {
    this.hostConfig.RestartPolicy = { Name: policy === 'no' ? '' : policy, MaximumRetryCount: 0 };
    return this;
  }

  /** Mounts a named volume at each of the targets. */
  withVolumeAt(volume: string, targets: readonly string[]): this {
    this.hostConfig.Mounts = [...(this.hostConfig.Mounts ?? []), ...targets.map((target) => ({ Type: 'volume' as const, Source: volume, Target: target }))];
    return this;
  }

  withConfinement(confinement: Confinement): this {
    if (confinement.user) this.withUser(confinement.user);
    this.withDroppedCapabilities('ALL');
    this.hostConfig.SecurityOpt = ['no-new-privileges'];
    this.hostConfig.Memory = confinement.memoryBytes;
    this.hostConfig.MemorySwap = confinement.memoryBytes;
    this.hostConfig.PidsLimit = confinement.pidsLimit;
    return this;
  }
}
