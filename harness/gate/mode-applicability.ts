/**
 * Whether the user's config can meet a failure mode at all (pure): a mode whose backends speak
 * TLS only means something to a config that proxies over https (to a plain-HTTP config every
 * such backend would look broken, and the suggested fix would be a TLS setting it does not use).
 */
import type { Directive } from '../nginx/user-config/nginx-conf-parser.js';
import type { Scenario, Variant } from '../scenario/schema.js';

export function modeApplies(scenario: Scenario, reproduction: Variant, directives: readonly Directive[]): boolean {
  const tlsBackends = scenario.backends.some((b) => (reproduction.backends?.[b.name]?.tls ?? b.tls) !== undefined);
  return !tlsBackends || proxiesOverHttps(directives);
}

function proxiesOverHttps(directives: readonly Directive[]): boolean {
  return directives.some((d) => (d.name === 'proxy_pass' && /^https:\/\//.test(d.args[0] ?? '')) || (d.block !== undefined && proxiesOverHttps(d.block)));
}
