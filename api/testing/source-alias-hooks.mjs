// Node module hooks for tests: `fairwire`, `fairwire/vitest` and `fairwire/cucumber` resolve to the
// TypeScript sources (loaded through tsx), so user-style files run here exactly as written,
// without a build of dist/.
const ROOT = new URL('../../', import.meta.url);
const SOURCES = { fairwire: 'api/index.ts', 'fairwire/vitest': 'api/vitest.ts', 'fairwire/cucumber': 'api/cucumber.ts' };

export async function resolve(specifier, context, nextResolve) {
  const source = Object.hasOwn(SOURCES, specifier) ? SOURCES[specifier] : undefined;
  return nextResolve(source ? new URL(source, ROOT).href : specifier, context);
}
