/**
 * Chaos actions, on the same clock as the load, and expectations over time windows. A time is an
 * offset from the load's start ("2s") or from when a named action took effect ("kill+500ms").
 */
import { z } from 'zod';
import { behaviorSchema } from '../../backends/behaviors/schemas.js';
import { networkFaultSchema } from './network-fault-schema.js';
import { durationSchema, LIMITS, nameSchema } from './schema-parts.js';

export const CHAOS_ACTIONS = [
  'kill', 'stop', 'start', 'restart', 'pause', 'unpause', 'disconnect', 'connect', 'set-behavior', 'scale', 'reload',
  // network actions: a fault in the backend's network namespace on and off, a new container (new address)
  'network-fault', 'network-clear', 'replace',
] as const;

const paramValue = z.union([z.string(), z.number(), z.boolean()]);

export const chaosActionSchema = z
  .strictObject({
    name: nameSchema.optional().describe('How windows refer to this action (default: the action, or action-N when it repeats).'),
    at: durationSchema(LIMITS.maxLoadDurationMs).optional().describe('When, from the start of the load.'),
    after_requests: z.int().min(1).max(LIMITS.maxRequests).optional().describe('When, after this many responses.'),
    action: z.enum(CHAOS_ACTIONS),
    target: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a backend name, a replica ("app-2"), or nginx').describe('A backend (every replica), one replica ("app-2"), or nginx (reload).'),
    signal: z.enum(['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGQUIT']).default('SIGKILL').describe('kill: the signal sent.'),
    grace: durationSchema(60_000).default('10s').describe('stop, restart: time between SIGTERM and SIGKILL.'),
    behavior: behaviorSchema.optional().describe('set-behavior: the behaviour from now on (through the control port nginx does not proxy).'),
    nginx: z.record(z.string(), paramValue).optional().describe('reload: template parameters of the new config (nginx -s reload).'),
    replicas: z.int().min(0).max(LIMITS.maxReplicas).optional().describe('scale: how many of the backend\'s declared replicas run from now on (the others stop, with grace).'),
    fault: networkFaultSchema.optional().describe('network-fault: the fault from now on (it replaces the one before); network-clear removes it.'),
  })
  .superRefine((a, ctx) => {
    if ((a.at === undefined) === (a.after_requests === undefined)) ctx.addIssue({ code: 'custom', path: ['at'], message: 'give at (e.g. at: 2s) or after_requests, one of them' });
    if (a.action === 'set-behavior' && !a.behavior) ctx.addIssue({ code: 'custom', path: ['behavior'], message: 'set-behavior needs behavior (e.g. behavior: { kind: slow, delay: 2s })' });
    if (a.action === 'network-fault' && !a.fault) ctx.addIssue({ code: 'custom', path: ['fault'], message: 'network-fault needs fault (e.g. fault: { kind: drop })' });
    if (a.action !== 'network-fault' && a.fault) ctx.addIssue({ code: 'custom', path: ['fault'], message: `fault is for network-fault, not ${a.action}` });
    if (a.action === 'scale' && a.replicas === undefined) ctx.addIssue({ code: 'custom', path: ['replicas'], message: 'scale needs replicas (e.g. replicas: 1)' });
    if (a.action === 'reload' && a.target !== 'nginx') ctx.addIssue({ code: 'custom', path: ['target'], message: 'reload reloads nginx: target must be nginx' });
    if (a.action !== 'reload' && a.target === 'nginx') ctx.addIssue({ code: 'custom', path: ['target'], message: `${a.action} acts on a backend; only reload takes nginx` });
  });

export const chaosSchema = z.array(chaosActionSchema).max(50);

const TIME_REFERENCE = /^(?:(\d+(?:\.\d+)?(?:ms|s))|([a-z0-9][a-z0-9-]*)(?:\s*([+-])\s*(\d+(?:\.\d+)?(?:ms|s)))?)$/;
export const timeReferenceSchema = z
  .string({ error: 'must be a time: "2s" from the start of the load, or "<action name>+500ms"' })
  .regex(TIME_REFERENCE, 'must be a time: "2s" from the start of the load, or "<action name>", "<action name>+500ms"');

export type ChaosAction = z.output<typeof chaosActionSchema>;
