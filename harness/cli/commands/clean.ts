/** `badgateway clean`: removes every container and network an earlier run left behind. */
import { removeLabelled } from '../../runtime/cleanup.js';
import { connectDocker } from '../../runtime/docker-client.js';
import { EXIT } from '../exit-codes.js';

export async function cleanCommand(out: NodeJS.WritableStream): Promise<number> {
  const docker = await connectDocker();
  const removed = await removeLabelled(docker);
  out.write(`removed ${removed.containers} container(s) and ${removed.networks} network(s) left by badgateway\n`);
  return EXIT.ok;
}
