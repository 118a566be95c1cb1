/**
 * The run's DNS server in its own container on the variant's network, reachable as dns-server
 * (what `resolver dns-server` names): Node's image, the bundled server, port 53 without any
 * capability (the container's own sysctl lets unprivileged processes bind low ports). A new one
 * serves every variant: its records and behaviour are the variant's.
 */
import { resolve } from 'node:path';
import type { DnsServerConfig } from '../../backends/dns/dns-config.js';
import { startAuxiliary, type NodeContainerOptions } from './auxiliary-container.js';
import type { HostFilesBy, RunningContainer } from './container-spec.js';
import { labelsFor } from './labels.js';
import { DNS_PORT, DNS_SERVER_HOST, PATHS } from './runtime.js';

export interface DnsServerOptions extends NodeContainerOptions {
  /** the bundled DNS server (dist/backend/dns-server.cjs) */
  bundle: string;
  /** how the bundle gets in (a bind mount when omitted) */
  hostFilesBy?: HostFilesBy;
  config: DnsServerConfig;
}

export function startDnsServer(options: DnsServerOptions): Promise<RunningContainer> {
  return startAuxiliary(options.docker, {
    image: options.nodeImage,
    name: options.name,
    labels: labelsFor(options.runId, 'dns', options.lane),
    network: options.network,
    aliases: [DNS_SERVER_HOST],
    user: '65534:65534',
    memoryBytes: 128 * 1024 * 1024,
    pidsLimit: 32,
    sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' },
    readOnlyFiles: { [resolve(options.bundle)]: PATHS.dnsServerBundle },
    ...(options.hostFilesBy ? { hostFilesBy: options.hostFilesBy } : {}),
    env: { BADGATEWAY_DNS: JSON.stringify(options.config), BADGATEWAY_DNS_PORT: String(DNS_PORT) },
    command: ['node', PATHS.dnsServerBundle],
  }, /badgateway-dns listening/, 'DNS server');
}
