/**
 * The run's DNS server in its own container on the variant's network, reachable as dns-server
 * (what `resolver dns-server` names): Node's image, the bundled server, port 53 without any
 * capability (the container's own sysctl lets unprivileged processes bind low ports).
 */
import { Wait, type StartedTestContainer } from 'testcontainers';
import type { DnsServerConfig } from '../../backends/dns/dns-config.js';
import { labelsFor } from './labels.js';
import { LoopbackContainer } from './loopback-container.js';
import { OutputCapture } from './output-capture.js';
import { DNS_PORT, DNS_SERVER_HOST, PATHS } from './runtime.js';

const STARTUP_TIMEOUT_MS = 30_000;

class DnsServerContainer extends LoopbackContainer {
  /** a namespaced sysctl: binding port 53 needs no capability inside this container */
  withUnprivilegedLowPorts(): this {
    this.hostConfig.Sysctls = { ...this.hostConfig.Sysctls, 'net.ipv4.ip_unprivileged_port_start': '0' };
    return this;
  }
}

export interface DnsServerOptions {
  runId: string;
  /** the variant environment's label: its container name prefix and network */
  env: string;
  nodeImage: string;
  /** the bundled DNS server (dist/backend/dns-server.cjs) */
  bundle: string;
  config: DnsServerConfig;
}

export function startDnsServer(options: DnsServerOptions): Promise<StartedTestContainer> {
  const output = new OutputCapture();
  return new DnsServerContainer(options.nodeImage)
    .withName(`${options.env}-${DNS_SERVER_HOST}`)
    .withLabels(labelsFor(options.runId, 'dns', options.env))
    .withNetworkMode(options.env)
    .withNetworkAliases(DNS_SERVER_HOST)
    .withConfinement({ user: '65534:65534', memoryBytes: 128 * 1024 * 1024, pidsLimit: 32 })
    .withUnprivilegedLowPorts()
    .withCopyFilesToContainer([{ source: options.bundle, target: PATHS.dnsServerBundle, mode: 0o444 }])
    .withEnvironment({ BADGATEWAY_DNS: JSON.stringify(options.config), BADGATEWAY_DNS_PORT: String(DNS_PORT) })
    .withCommand(['node', PATHS.dnsServerBundle])
    .withLogConsumer(output.consumer)
    .withWaitStrategy(Wait.forLogMessage(/badgateway-dns listening/))
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .start()
    .catch(async (error: unknown) => { throw new Error(`DNS server: ${(error as Error).message}; it printed: ${(await output.settled()).trim() || 'nothing'}`); });
}
