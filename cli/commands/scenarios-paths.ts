import { existsSync, readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the bundled scenarios and their step definitions are, found from this module's own
 * place (import.meta.url), never from the working directory: from the TypeScript sources
 * (cli/commands/ → the repository root, step files *.ts, loaded through tsx) and from the compiled
 * package (dist/cli/commands/ → dist/ for the step files *.js; the .feature files in dist/features
 * or in the package root's features/).
 */
export interface BundledScenarios {
  /** The folder holding the bundled *.feature files. */
  readonly featuresDir: string;
  /** Absolute globs of the support and step files, for cucumber's `import`. */
  readonly support: readonly string[];
  /** The step files are TypeScript (running from the sources): tsx must be registered. */
  readonly typescript: boolean;
}

export class BundledScenariosMissing extends Error {
  override readonly name = 'BundledScenariosMissing';
}

const SELF = fileURLToPath(import.meta.url);
const EXT = extname(SELF);
const ROOTS = ['../..', '../../..'].map((up) => resolve(SELF, '..', up));

function hasFeatures(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.feature'));
}

export function bundledScenarios(): BundledScenarios {
  const supportRoot = ROOTS.find((r) => existsSync(join(r, 'features', 'support', `world${EXT}`)));
  const featuresRoot = ROOTS.find((r) => hasFeatures(join(r, 'features')));
  if (supportRoot === undefined || featuresRoot === undefined) {
    throw new BundledScenariosMissing(
      `fairwire's own scenarios are not where this installation should have them (looked for features/support/world${EXT} and features/*.feature in ${ROOTS.join(', ')})`,
    );
  }
  return {
    featuresDir: join(featuresRoot, 'features'),
    support: [join(supportRoot, 'features', 'support', `**/*${EXT}`), join(supportRoot, 'features', 'steps', `**/*${EXT}`)],
    typescript: EXT === '.ts',
  };
}
