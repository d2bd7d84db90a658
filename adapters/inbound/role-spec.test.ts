import { describe, expect, it } from 'vitest';
import { isRoleSpec, parseRoleSpec, RoleSpecError } from './role-spec.ts';

describe('roles: (per-role --adapter for inbound nodes)', () => {
  it('reads role=adapter entries, commas inside quotes kept with the command line', () => {
    const m = parseRoleSpec(`roles:gateway=cmd:"python3 a.py --x=1,2",proxy=mutant:p-bug, sequencer = reference`);
    expect([...m]).toEqual([
      ['gateway', 'cmd:python3 a.py --x=1,2'],
      ['proxy', 'mutant:p-bug'],
      ['sequencer', 'reference'],
    ]);
    expect([...parseRoleSpec(`roles:proxy=cmd:'python3 b.py, c'`)]).toEqual([['proxy', `cmd:python3 b.py, c`]]);
  });

  it('quotes that only protect commas are removed; quotes inside a command line stay for its own splitting', () => {
    const one = (s: string) => parseRoleSpec(`roles:gateway=${s}`).get('gateway');
    expect(one(`"cmd:python3 a.py"`)).toBe('cmd:python3 a.py');
    expect(one(`cmd:"python3 'my file.py' --name \\"x\\""`)).toBe(`cmd:python3 'my file.py' --name "x"`);
    expect(one(`cmd:python3 "my file.py"`)).toBe(`cmd:python3 "my file.py"`);
    expect(one(`cmd:"a" "b"`)).toBe(`cmd:"a" "b"`);
    expect(one(`cmd:python3 a.py`)).toBe('cmd:python3 a.py');
    expect(isRoleSpec('cmd:python3 a.py')).toBe(false);
  });

  it('bad values are usage errors that show the syntax', () => {
    const bad = (s: string, re: RegExp) => {
      expect(() => parseRoleSpec(s)).toThrow(RoleSpecError);
      expect(() => parseRoleSpec(s)).toThrow(re);
    };
    bad('roles:', /names no role/);
    bad('roles:receiver=reference', /unknown role 'receiver'.*gateway, proxy, sequencer/);
    bad('roles:gateway', /not <role>=<adapter>.*roles:<role>=<adapter>/);
    bad('roles:gateway=', /role gateway has no adapter/);
    bad('roles:gateway=reference,gateway=mutant:x', /named twice/);
    bad('roles:gateway=cmd:"python3 a.py', /unterminated " quote/);
    bad('roles:gateway=roles:proxy=reference', /cannot nest/);
  });
});
