import { INBOUND_ROLES, type InboundRole } from '../inbound.ts';

/**
 * The per-role `--adapter` value for the exchange's inbound nodes:
 *
 *   roles:gateway=cmd:"python3 gw.py",proxy=mutant:<name>,sequencer=reference
 *
 * Each entry is `<role>=<adapter>` where <adapter> is anything `--adapter` takes for one
 * component (reference | mutant:<name> | cmd:"<command line>" | <manifest.json>). Entries are
 * separated by commas outside quotes, so a command line keeps its commas inside quotes; quotes
 * around a whole command line (or a whole adapter) are removed, as the shell removes them from a
 * lone `--adapter cmd:"..."`. A role not named runs the reference. Parsing only: adapters/inbound/compose.ts loads what it names.
 */

export const ROLE_SPEC_PREFIX = 'roles:';
export const ROLE_SPEC_USAGE = `roles:<role>=<adapter>[,<role>=<adapter>...] with <role> one of ${INBOUND_ROLES.join(', ')} and <adapter> reference | mutant:<name> | cmd:"<command line>" | <manifest.json> (a role not named runs the reference), e.g. roles:gateway=cmd:"python3 gw.py",proxy=reference`;

/** Why a `roles:` value could not be read (a usage error, before any property runs). */
export class RoleSpecError extends Error {
  override readonly name = 'RoleSpecError';
}

export function isRoleSpec(spec: string): boolean {
  return spec.startsWith(ROLE_SPEC_PREFIX);
}

/** role -> adapter spec, in the order written. Throws RoleSpecError with the syntax on bad input. */
export function parseRoleSpec(spec: string): Map<InboundRole, string> {
  if (!isRoleSpec(spec)) throw new RoleSpecError(`'${spec}' is not a per-role adapter: use ${ROLE_SPEC_USAGE}`);
  const body = spec.slice(ROLE_SPEC_PREFIX.length);
  const out = new Map<InboundRole, string>();
  for (const entry of splitOutsideQuotes(body)) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new RoleSpecError(`'${entry}' in '${spec}' is not <role>=<adapter>: use ${ROLE_SPEC_USAGE}`);
    const role = entry.slice(0, eq).trim();
    const adapter = unquoted(entry.slice(eq + 1).trim());
    if (!(INBOUND_ROLES as readonly string[]).includes(role)) {
      throw new RoleSpecError(`unknown role '${role}' in '${spec}' (roles: ${INBOUND_ROLES.join(', ')})`);
    }
    if (adapter === '') throw new RoleSpecError(`role ${role} has no adapter in '${spec}': use ${ROLE_SPEC_USAGE}`);
    if (isRoleSpec(adapter)) throw new RoleSpecError(`role ${role}: a roles: value cannot nest another`);
    if (out.has(role as InboundRole)) throw new RoleSpecError(`role ${role} is named twice in '${spec}'`);
    out.set(role as InboundRole, adapter);
  }
  if (out.size === 0) throw new RoleSpecError(`'${spec}' names no role: use ${ROLE_SPEC_USAGE}`);
  return out;
}

/**
 * The quotes that protect an adapter's commas here are not part of it: `cmd:"python3 a.py"` is
 * `cmd:python3 a.py` (as the shell would have passed it alone), and so is `"cmd:python3 a.py"`.
 * Quotes inside the command line (`cmd:"python3 'my file.py'"`) stay for its own splitting.
 */
function unquoted(adapter: string): string {
  const prefix = adapter.startsWith('cmd:') ? 'cmd:' : '';
  const body = adapter.slice(prefix.length);
  const q = body[0];
  if ((q !== '"' && q !== "'") || body.length < 2 || body[body.length - 1] !== q) return adapter;
  let inner = '';
  for (let i = 1; i < body.length - 1; i++) {
    const c = body[i]!;
    if (c === q) return adapter; // not one quoted string (e.g. "a" "b")
    if (c === '\\' && q === '"' && (body[i + 1] === '"' || body[i + 1] === '\\') && i + 1 < body.length - 1) inner += body[++i]!;
    else inner += c;
  }
  return prefix + inner;
}

/** Splits on commas outside single or double quotes (a backslash escapes the next character). */
function splitOutsideQuotes(body: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && quote !== "'") i++;
    else if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ',') {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  if (quote) throw new RoleSpecError(`unterminated ${quote} quote in '${ROLE_SPEC_PREFIX}${body}'`);
  parts.push(body.slice(start));
  return parts.filter((p) => p.trim() !== '');
}
