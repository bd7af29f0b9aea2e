import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The CJK fonts the project ships (npm, SIL Open Font License), served by the app itself.
 * GB/T 9704 sets official documents in 小标宋 (title, 发文机关标志) and 仿宋 (body), faces
 * with no free licence; the closest freely licensed are Noto Serif SC Bold for 小标宋 and
 * Noto Serif SC Regular for 仿宋 (both Song-style), Noto Sans SC for 黑体 and the console.
 *
 * Issued documents keep `<link href="/fonts/<name>.css">` in their stored HTML forever, so
 * these names and URLs must stay.
 */
const FONTS = {
  'noto-serif-sc': { pkg: '@fontsource/noto-serif-sc', family: 'Noto Serif SC', legacy: 'Noto Serif CJK SC' },
  'noto-sans-sc': { pkg: '@fontsource/noto-sans-sc', family: 'Noto Sans SC', legacy: 'Noto Sans CJK SC' },
} as const;
export type FontName = keyof typeof FONTS;
const WEIGHTS = [400, 700];

const require = createRequire(import.meta.url);
const packageDir = (name: FontName) => dirname(require.resolve(`${FONTS[name].pkg}/package.json`));
const isFontName = (name: string): name is FontName => Object.hasOwn(FONTS, name);

const sheets = new Map<FontName, string>();

/**
 * @font-face rules for one family (Regular and Bold, one rule per unicode-range slice, so a
 * browser fetches only the slices a page uses), pointing at /fonts/<name>/<file>.woff2.
 */
export function fontStylesheet(name: string): string | undefined {
  if (!isFontName(name)) return undefined;
  let css = sheets.get(name);
  if (!css) {
    css = WEIGHTS.map((w) => readFileSync(join(packageDir(name), `${w}.css`), 'utf8'))
      .join('\n')
      // woff2 only: every browser that prints or shows these pages reads it.
      .replace(/url\(\.\/files\/([a-z0-9-]+\.woff2)\) format\('woff2'\), url\([^)]*\) format\('woff'\)/g, (_, file) => {
        return `url(/fonts/${name}/${file}) format('woff2')`;
      });
    sheets.set(name, css);
  }
  return css;
}

/** The path of one font slice, or undefined for anything that is not one (no traversal). */
export function fontFile(name: string, file: string): string | undefined {
  if (!isFontName(name) || !new RegExp(`^${name}-[a-z0-9-]+\\.woff2$`).test(file)) return undefined;
  const path = join(packageDir(name), 'files', file);
  return existsSync(path) ? path : undefined;
}

/**
 * Documents issued before the fonts were shipped name the system families Noto Serif/Sans
 * CJK SC. Printing maps those names to the shipped fonts (the same design), so their PDFs
 * show Chinese on a machine without CJK fonts too.
 */
export function legacyFontAliases(): string {
  return (Object.keys(FONTS) as FontName[])
    .map((name) =>
      fontStylesheet(name)!.replaceAll(`font-family: '${FONTS[name].family}'`, `font-family: '${FONTS[name].legacy}'`),
    )
    .join('\n');
}
