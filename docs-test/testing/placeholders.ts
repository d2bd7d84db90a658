import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The user's own files that the docs name (`t.xml`, `vendor.json`, `./vendor-decoder`, ...): every
 * scratch directory gets each under that name, so the documented command runs as written. They
 * stand for the user's files and are small but real: a template set, the stream it encodes to,
 * vendor programs that are the example Python FAST decoder.
 */
const TEMPLATES = `<?xml version="1.0" encoding="UTF-8"?>
<!-- A quote: the bid, and an optional copy-encoded size (docs-test placeholder). -->
<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1">
  <template name="Quote" id="1">
    <uInt32 name="bid" id="1"/>
    <uInt32 name="size" id="2" presence="optional"><copy/></uInt32>
  </template>
</templates>
`;

/** TEMPLATES' messages, and the stream the reference encoder writes for them (checked by the docs' own `decode | encode | cmp`). */
const MESSAGES = ['{"templateId":1,"fields":{"bid":"4","size":"100"}}', '{"templateId":1,"fields":{"bid":"5","size":"100"}}', '{"templateId":1,"fields":{"bid":"300","size":null}}'];
const STREAM_HEX = 'e08184e58085a002ac80';

/** The example Python FAST decoder, started from the scratch directory. */
const DECODER = 'adapters/examples/python/fast_decoder.py';
const SHELL_VENDOR = `#!/bin/sh\n# docs-test placeholder: a vendor's decoder program, here the example Python decoder\nexec python3 "$(dirname "$0")/${DECODER}"\n`;

const SESSION = [
  '{"type":"new","id":"s1","account":"A","symbol":"X","side":"sell","orderType":"limit","price":"101","quantity":"5"}',
  '{"type":"new","id":"b1","account":"B","symbol":"X","side":"buy","orderType":"limit","tif":"ioc","price":"102","quantity":"7"}',
];

export const PLACEHOLDERS: Readonly<Record<string, string | Buffer>> = {
  't.xml': TEMPLATES,
  'templates.xml': TEMPLATES,
  'messages.ndjson': `${MESSAGES.join('\n')}\n`,
  'stream.bin': Buffer.from(STREAM_HEX, 'hex'),
  's.bin': Buffer.from(STREAM_HEX, 'hex'),
  'session.ndjson': `${SESSION.join('\n')}\n`,
  'vendor.json': `${JSON.stringify({ name: 'acme-fast (docs-test placeholder: the example Python decoder)', command: 'python3', args: [DECODER], cwd: '.' }, null, 2)}\n`,
  'vendor/matching.manifest.json': `${JSON.stringify({ name: 'acme-match (docs-test placeholder: the example Python engine)', command: 'python3', args: ['adapters/examples/python/matching.py'], cwd: '..' }, null, 2)}\n`,
  'vendor-decoder': SHELL_VENDOR,
  'my-vendor': SHELL_VENDOR,
  'my_vendor.py': `# docs-test placeholder: a vendor's Python program, here the example decoder\nimport runpy, sys\nsys.path.insert(0, 'adapters/examples/python')\nrunpy.run_path('${DECODER}', run_name='__main__')\n`,
  'my-decoder.ts': `// docs-test placeholder: a user's in-process decoder, here the reference one under another name\nimport { createFastDecoderAdapter } from './adapters/reference/fast.ts';\n\nexport function createAdapter(component: string) {\n  if (component !== 'fast') throw new Error('my-decoder implements fast only');\n  return createFastDecoderAdapter({ name: 'my-decoder' });\n}\n`,
};

const EXECUTABLE = new Set(['vendor-decoder', 'my-vendor']);

/** Writes every placeholder into `dir`. */
export function writePlaceholders(dir: string): void {
  for (const [name, content] of Object.entries(PLACEHOLDERS)) {
    const file = join(dir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    if (EXECUTABLE.has(name)) chmodSync(file, 0o755);
  }
}
