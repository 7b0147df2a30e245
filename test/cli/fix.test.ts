/** `fix` usage errors: each is one line and exit 2, decided before any network I/O. */
import { describe, expect, it } from 'vitest';
import { runCli, writeTempJson } from '../support/cli.js';

const UNREACHABLE = writeTempJson('c.json', { tenant: { id: '72f988bf-86f1-41af-91ab-2d7cd011db47', name: 'contoso.com' }, forests: [{ name: 'contoso.test', servers: ['127.0.0.1:1'], timeoutMs: 500 }] });

describe('fix usage', () => {
  it.each([
    [['--apply'], /add --yes/],
    [['--apply', '--verify'], /only one of --apply, --verify/],
    [['--yes'], /--yes goes with --apply or --undo/],
    [['--backup-dir', '/tmp/x'], /--backup-dir goes with --apply/],
    [['--bind-dn', 'a@b'], /name the write account/],
    [['--apply', '--yes', '--password-env', 'X'], /need --bind-dn/],
    [['--apply', '--yes', '--format', 'ldif'], /print text/],
    [['--forest', 'nope.test'], /not a forest of the config/],
    [['--undo', '/nonexistent/backup.ldif', '--yes'], /cannot read backup/],
  ])('fix %j', async (args, message) => {
    const r = await runCli(['fix', '--config', UNREACHABLE, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('an unreadable forest is blocked: the plan says why, writes nothing, exit 2', async () => {
    const r = await runCli(['fix', '--config', UNREACHABLE]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/Forest contoso\.test: cannot be planned/);
    expect(r.stdout).toMatch(/blocked: no domain controller could be read: 127\.0\.0\.1: connect failed/);
  });

  it('a file that is not a backup is refused', async () => {
    const bogus = writeTempJson('b.ldif', { not: 'a backup' });
    const r = await runCli(['fix', '--config', UNREACHABLE, '--undo', bogus, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a haadj-preflight backup/);
  });
});
