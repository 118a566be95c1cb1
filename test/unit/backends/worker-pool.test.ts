import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../backends/behaviors/cpu-bound/worker-pool.js';

describe('WorkerPool', () => {
  it('runs busy loops on its threads, and once closed ends them: what ran or waited fails, nothing runs after', async () => {
    const errors: Error[] = [];
    const pool = new WorkerPool(1, (error) => errors.push(error));
    await pool.run(5);
    const running = pool.run(10_000);
    const waiting = pool.run(5);
    pool.close();
    await expect(running).rejects.toThrow('the worker pool was closed');
    await expect(waiting).rejects.toThrow('the worker pool was closed');
    await expect(pool.run(5)).rejects.toThrow('no worker thread left in the pool');
    expect(errors).toEqual([]);
  });
});
