/** A file system error as a short phrase for a message (the path is the caller's to add): ENOENT, EACCES, EISDIR, else its message, bounded. */
export function fsMessage(err: unknown, max = 200): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (err instanceof Error ? err.message : String(err)).slice(0, max);
}
