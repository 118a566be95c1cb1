/**
 * `badgateway clean`: removes what runs that crashed left behind: every container, network and volume
 * whose owning process on this host is gone. Runs still going are left alone; --all removes
 * everything badgateway made, theirs too.
 */
import { hostname } from 'node:os';
import { orphanedRunIds, removeLabelled } from '../../runtime/cleanup.js';
import { connectDocker } from '../../runtime/docker-client.js';
import { isProcessAlive } from '../../runtime/reaper.js';
import { EXIT } from '../exit-codes.js';

export async function cleanCommand(out: NodeJS.WritableStream, options: { all: boolean }): Promise<number> {
  const docker = await connectDocker();
  if (options.all) {
    const removed = await removeLabelled(docker);
    out.write(`removed ${removed.containers} container(s), ${removed.networks} network(s) and ${removed.volumes} volume(s) made by badgateway\n`);
    return EXIT.ok;
  }
  const total = { containers: 0, networks: 0, volumes: 0 };
  for (const runId of await orphanedRunIds(docker, hostname(), isProcessAlive)) {
    const removed = await removeLabelled(docker, runId);
    total.containers += removed.containers;
    total.networks += removed.networks;
    total.volumes += removed.volumes;
  }
  out.write(`removed ${total.containers} container(s), ${total.networks} network(s) and ${total.volumes} volume(s) left by crashed runs\n`);
  const live = await removeLabelledCount(docker);
  if (live > 0) out.write(`${live} container(s), network(s) and volume(s) of runs still going were left alone (badgateway clean --all removes them too)\n`);
  return EXIT.ok;
}

async function removeLabelledCount(docker: Awaited<ReturnType<typeof connectDocker>>): Promise<number> {
  const filters = { label: ['io.badgateway.managed=true'] };
  const [containers, networks, volumes] = await Promise.all([docker.listContainers({ all: true, filters }), docker.listNetworks({ filters }), docker.listVolumes({ filters })]);
  return containers.length + networks.length + (volumes.Volumes ?? []).length;
}
