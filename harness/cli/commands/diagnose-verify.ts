/**
 * `diagnose --verify`: runs the as-diagnosed variant of the emitted scenario for real, through the
 * same runner as `badgateway run` (Docker, labelled containers removed on every exit), and says
 * whether the log's signatures and statuses came back.
 */
import type { Images } from '../../config/images.js';
import type { Diagnosis } from '../../diagnose/diagnosis.js';
import { checkReproduction, type ReproductionCheck } from '../../diagnose/reproduction-check.js';
import { selectPlans } from '../../matrix/select-plans.js';
import { executePlans, type Io } from '../execute-plans.js';
import { loadPlans } from '../load-plans.js';

export interface VerifyOptions {
  scenarioFile: string;
  outDir: string;
  images: Images;
}

export async function verifyReproduction(d: Diagnosis, options: VerifyOptions, io: Io): Promise<ReproductionCheck> {
  const plans = selectPlans(await loadPlans([options.scenarioFile]), { scenarioPatterns: [], variantPatterns: ['as-diagnosed'] });
  const { report } = await executePlans(plans, { outDir: options.outDir, images: options.images, repeat: 1, formats: ['json'], color: false }, io);
  const result = report?.results[0];
  return checkReproduction(d, result?.observation, result?.outcome ?? 'interrupted');
}
