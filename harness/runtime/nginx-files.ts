/**
 * The files nginx reads besides its config (pure): those its servers need (a PHP front controller
 * that try_files checks) and, when a server listens with ssl, the certificate made for the run.
 * They are written as root and read-only into a new nginx container, which is kept for another
 * variant only when that variant needs exactly the same files.
 */
import type { ThrowawayCertificate } from './throwaway-certificate.js';
import { PATHS, type EnvironmentSpec } from './runtime.js';
import type { TarFile } from './tar-entries.js';

export function nginxFiles(spec: EnvironmentSpec, certificate: () => ThrowawayCertificate): TarFile[] {
  const files: TarFile[] = (spec.nginxFiles ?? []).map((f) => ({ path: f.path, content: f.content, mode: 0o444 }));
  if (spec.nginxTls) {
    const made = certificate();
    files.push({ path: PATHS.tlsCertificate, content: made.certificatePem, mode: 0o444 }, { path: PATHS.tlsKey, content: made.keyPem, mode: 0o444 });
  }
  return files;
}

/** The same files with the same contents and modes, in any order. */
export function sameFiles(a: readonly TarFile[], b: readonly TarFile[]): boolean {
  const key = (files: readonly TarFile[]) => JSON.stringify(files.map((f) => [f.path, f.mode, String(f.content)]).sort((x, y) => (x[0]! < y[0]! ? -1 : x[0]! > y[0]! ? 1 : 0)));
  return a.length === b.length && key(a) === key(b);
}
