/**
 * `badgateway clean`: removes what runs that crashed left behind: every container and network
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
    out.write(`removed ${removed.containers} container(s) and ${removed.networks} network(s) made by badgateway\n`);
    return EXIT.ok;
  }
  const total = { containers: 0, networks: 0 };
  for (const runId of await orphanedRunIds(docker, hostname(), isProcessAlive)) {
    const removed = await removeLabelled(docker, runId);
    total.containers += removed.containers;
    total.networks += removed.networks;
  }
  out.write(`removed ${total.containers} container(s) and ${total.networks} network(s) left by crashed runs\n`);
  const live = await removeLabelledCount(docker);
  if (live > 0) out.write(`${live} container(s) and network(s) of runs still going were left alone (badgateway clean --all removes them too)\n`);
  return EXIT.ok;
}

async function removeLabelledCount(docker: Awaited<ReturnType<typeof connectDocker>>): Promise<number> {
  const filters = { label: ['io.badgateway.managed=true'] };
  const [containers, networks] = await Promise.all([docker.listContainers({ all: true, filters }), docker.listNetworks({ filters })]);
  return containers.length + networks.length;
}
