/**
 * `crispflow studio [--workspace <dir>] [--port 4173] [--host 127.0.0.1] [--allow-host <name>] [--nodes <package-or-folder>]… [--open]`:
 * starts the studio and serves until SIGINT/SIGTERM. Exit 0 after a clean stop, 2 for bad usage or a
 * server that cannot start.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EXIT } from '../cli/exit-codes.ts';
import { isLoopbackHost } from '../cli/serve/access-control.ts';
import { DEFAULT_APP_DIR, startStudio } from './start-studio.ts';
import { DEFAULT_WORKSPACE_DIR, WorkspaceError } from './workspace/workspace.ts';
import type { StudioNodePackages } from './node-packages/served-packages.ts';

export interface StudioCommandOptions {
  workspace?: string;
  port?: number;
  host?: string;
  allowHosts?: string[];
  open?: boolean;
  auditKeyFile?: string;
  /** `--nodes`: node packages for the designer besides those of the workspace settings. */
  nodePackages?: string[];
}

/** Opens `url` in the default browser; a failure is only a note (the address is printed anyway). */
export function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => console.error(`Could not open a browser (${cmd} is not available): open the address above yourself.`));
    child.unref();
  } catch {
    console.error('Could not open a browser: open the address above yourself.');
  }
}

/** One line per node package on stderr, as `crispflow run --nodes` prints them. */
function reportNodePackages(packages: StudioNodePackages): void {
  for (const r of packages.refused) console.error(`crispflow: Node package "${r.package}" (${r.from === '--nodes' ? '--nodes' : 'workspace settings'}: ${r.source}) was not loaded: ${r.reason}`);
  for (const p of packages.accepted) console.error(`Node package "${p.name}"${p.version ? ` ${p.version}` : ''} loaded for the designer: ${p.types.join(', ')}.`);
}

export async function studioCommand(o: StudioCommandOptions): Promise<number> {
  if (o.port !== undefined && !(Number.isInteger(o.port) && o.port >= 0 && o.port <= 65535)) {
    console.error('--port must be a whole number between 0 and 65535 (0 picks a free port).');
    return EXIT.usage;
  }
  if (o.host !== undefined && !/^[A-Za-z0-9.:[\]-]+$/.test(o.host)) {
    console.error(`--host ${JSON.stringify(o.host)} is not a host name or IP address.`);
    return EXIT.usage;
  }
  if (o.host !== undefined && !isLoopbackHost(o.host)) {
    console.error(
      `Warning: --host ${o.host} makes the studio reachable from other machines. Traffic is plain HTTP (the token and your HR data ` +
        'travel unencrypted): put a TLS proxy in front and name it with --allow-host.',
    );
  }
  if (!existsSync(path.join(DEFAULT_APP_DIR, 'index.html'))) {
    console.error(`The designer is not built yet (${path.join(DEFAULT_APP_DIR, 'index.html')} is missing): run "npm run build" first, or start with "npm start", which builds it.`);
    return EXIT.usage;
  }
  let studio;
  try {
    studio = await startStudio({ workspaceDir: o.workspace ?? DEFAULT_WORKSPACE_DIR, port: o.port, host: o.host, allowHosts: o.allowHosts, auditKeyFile: o.auditKeyFile, nodePackages: o.nodePackages });
  } catch (e) {
    console.error(e instanceof WorkspaceError ? e.message : `Cannot start the studio: ${(e as Error).message}`);
    return EXIT.usage;
  }
  console.log(`Crispflow studio: workspace ${studio.workspace.root}`);
  console.log(`  ${studio.url}`);
  reportNodePackages(studio.nodePackages);
  console.log('Open that address in a browser on this computer. The token in it is the key to this session: do not share it. Ctrl-C stops the studio.');
  if (o.open) openBrowser(studio.url);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await studio.close();
  return EXIT.ok;
}
