import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  createReadStream,
  createWriteStream,
  existsSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import type pw from 'playwright-core';

/** How to start the browser that prints documents and runs the console's page tests. */
export interface ChromiumLaunch {
  executablePath: string;
  args: string[];
  env?: Record<string, string>;
  /** Where it came from, for the log. */
  source: string;
}

/** Flags for a Chromium named by CHROMIUM_PATH (a distribution's build): no downloads, no background traffic. */
const SYSTEM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The package's flags minus those meant for a one-shot Lambda: a long-lived browser keeps
 * its renderers in their own processes (one crash is not the browser's), and web security
 * stays on. The package (and playwright-core below) is loaded on the first print, not at start:
 * playwright-core alone made every API and worker process some 50–80 MB larger before it had
 * printed anything.
 */
async function bundledArgs(): Promise<string[]> {
  const sparticuz = (await import('@sparticuz/chromium')).default;
  return sparticuz.args.filter(
    (a) => !['--single-process', '--disable-web-security', '--allow-running-insecure-content'].includes(a),
  );
}

/**
 * CHROMIUM_PATH when it names an executable file; otherwise the headless Chromium that
 * `npm install` brings (@sparticuz/chromium), unpacked once per machine. A CHROMIUM_PATH that
 * is set but not executable is reported through `warn` and the bundled one is used, so a stale
 * setting never costs the PDFs. No other system browser is looked for: every machine prints
 * with the same build unless told otherwise.
 */
export async function resolveChromium(
  chromiumPath: string | undefined,
  warn: (message: string) => void = () => {},
): Promise<ChromiumLaunch> {
  if (chromiumPath) {
    const problem = notExecutable(chromiumPath);
    if (!problem) return { executablePath: chromiumPath, args: SYSTEM_ARGS, source: `CHROMIUM_PATH ${chromiumPath}` };
    warn(`CHROMIUM_PATH=${chromiumPath} ${problem}; using the bundled Chromium instead`);
  }
  const dir = await bundledChromium();
  return {
    executablePath: join(dir, 'chromium'),
    args: await bundledArgs(),
    env: {
      // The package's own NSS/expat build, so the binary needs nothing from the system beyond glibc.
      LD_LIBRARY_PATH: [join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      // Only the package's Latin font, never the machine's: documents bring their CJK fonts by
      // @font-face, so what they print does not depend on what fonts a machine has installed.
      FONTCONFIG_FILE: join(dir, 'fonts.conf'),
    },
    source: `bundled ${dir}`,
  };
}

export async function launchChromium(
  chromiumPath: string | undefined,
  warn?: (message: string) => void,
): Promise<{ browser: pw.Browser; source: string }> {
  const c = await resolveChromium(chromiumPath, warn);
  const playwright = (await import('playwright-core')).default;
  for (let attempt = 1; ; attempt++) {
    try {
      const browser = await playwright.chromium.launch({
        executablePath: c.executablePath,
        args: c.args,
        env: c.env ? { ...process.env, ...c.env } : undefined,
        headless: true,
      });
      return { browser, source: c.source };
    } catch (e) {
      // The bundled build now and then dies during start-up on a loaded machine (a crash before
      // its first page, not a setting that is wrong); a fresh process starts, so try again twice.
      if (attempt >= LAUNCH_ATTEMPTS) throw e;
      warn?.(`Chromium did not start (${String((e as Error).message).split('\n')[0]}); starting it again`);
    }
  }
}

const LAUNCH_ATTEMPTS = 3;

function notExecutable(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return 'is not a file';
    accessSync(path, constants.X_OK);
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'is not executable';
  }
}

const packageDir = dirname(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')));
const packageVersion = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string })
  .version;

let unpacking: Promise<string> | undefined;

/**
 * The package's brotli archives unpacked into `<tmp>/labour-export-chromium-<version>-<uid>`.
 * Unlike the package's own executablePath(), which writes straight into /tmp/chromium and
 * trusts any file found there, this unpacks under a temporary name and renames the folder
 * into place only when complete, so a process killed mid-way or two processes unpacking at
 * once never leave a half-written browser behind.
 */
export function bundledChromium(): Promise<string> {
  unpacking ??= unpack().catch((e: unknown) => {
    unpacking = undefined;
    throw e;
  });
  return unpacking;
}

async function unpack(): Promise<string> {
  const uid = process.getuid?.() ?? 0;
  const dir = join(tmpdir(), `labour-export-chromium-${packageVersion}-${uid}`);
  if (existsSync(join(dir, 'fonts.conf'))) return dir;
  const partial = `${dir}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const bin = join(packageDir, 'bin');
    await mkdir(join(partial, 'lib'), { recursive: true });
    await pipeline(
      createReadStream(join(bin, 'chromium.br')),
      createBrotliDecompress(),
      createWriteStream(join(partial, 'chromium')),
    );
    await chmod(join(partial, 'chromium'), 0o755);
    // libEGL/libGLESv2 beside the binary (it loads them from its own folder), NSS in lib/, Open Sans in fonts/.
    await untarBrotli(join(bin, 'swiftshader.tar.br'), partial);
    await untarBrotli(join(bin, 'al2023.tar.br'), partial);
    await untarBrotli(join(bin, 'fonts.tar.br'), partial);
    await writeFile(
      join(partial, 'fonts.conf'),
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${join(dir, 'fonts')}</dir>
  <cachedir>${join(dir, 'fontconfig-cache')}</cachedir>
</fontconfig>
`,
    );
    await rename(partial, dir);
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    // Another process finished first: use its copy.
    if (existsSync(join(dir, 'fonts.conf'))) return dir;
    throw e;
  }
  return dir;
}

/**
 * Streams a .tar.br through the system's tar (present on every Linux, slim images too). Exported
 * for its test.
 */
export async function untarBrotli(archive: string, into: string): Promise<void> {
  const tar = spawn('tar', ['-x', '-C', into], { stdio: ['pipe', 'ignore', 'pipe'] });
  const stderr: Buffer[] = [];
  tar.stderr.on('data', (b: Buffer) => stderr.push(b));
  const exited = new Promise<void>((ok, fail) => {
    tar.once('error', fail);
    tar.once('close', (code) =>
      code === 0 ? ok() : fail(new Error(`tar failed on ${archive}: ${Buffer.concat(stderr).toString().trim()}`)),
    );
  });
  // tar stops reading at the archive's end marker and exits, which can close its input while the
  // zero padding after the marker is still being written (more likely the busier the machine);
  // what tar's exit status says is what counts then.
  const fed = pipeline(createReadStream(archive), createBrotliDecompress(), tar.stdin).catch((e: unknown) => {
    const code = (e as { code?: string }).code;
    if (code !== 'ERR_STREAM_PREMATURE_CLOSE' && code !== 'EPIPE') throw e;
  });
  await Promise.all([fed, exited]);
}
