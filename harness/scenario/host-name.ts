/** DNS host names as certificates, resolvers and nginx's proxy_ssl_name carry them (lower case, pure). */
export const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export function isHostName(text: string): boolean {
  return HOST_NAME.test(text);
}
