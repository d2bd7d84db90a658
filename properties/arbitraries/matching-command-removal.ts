import fc from 'fast-check';

/**
 * A flow of commands that also shrinks by deleting one printed command as it stands. The
 * generator's own shrinks work on raw steps, where deleting a step renames later orders and
 * moves later targets; a person pasting the counterexample deletes commands literally. Offering
 * each literal deletion after the generator's shrinks makes every shrunk counterexample minimal
 * in that sense: deleting any one of its commands makes the check pass.
 */
export interface CommandFlow {
  readonly commands: readonly unknown[];
}

/** Where a value came from: the wrapped generator (its shrink context), or a literal deletion. */
type Context = { readonly inner: unknown } | { readonly literal: true };

const isInner = (c: unknown): c is { readonly inner: unknown } => typeof c === 'object' && c !== null && 'inner' in c;

class CommandRemoval<F extends CommandFlow> extends fc.Arbitrary<F> {
  constructor(
    private readonly inner: fc.Arbitrary<F>,
    private readonly isFlow: (v: unknown) => v is F,
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<F> {
    const v = this.inner.generate(mrng, biasFactor);
    return new fc.Value(v.value_, { inner: v.context } satisfies Context);
  }

  canShrinkWithoutContext(value: unknown): value is F {
    return this.isFlow(value);
  }

  shrink(value: F, context: unknown): fc.Stream<fc.Value<F>> {
    const deletions = new fc.Stream(this.deletions(value));
    if (!isInner(context)) return deletions;
    return this.inner
      .shrink(value, context.inner)
      .map((v) => new fc.Value(v.value_, { inner: v.context } satisfies Context))
      .join(this.deletions(value));
  }

  /** The flow without one command, last command first (lazily: only as far as the shrinker asks). */
  private *deletions(value: F): IterableIterator<fc.Value<F>> {
    for (let i = value.commands.length - 1; i >= 0; i--) {
      const commands = [...value.commands.slice(0, i), ...value.commands.slice(i + 1)];
      yield new fc.Value({ ...value, commands } as F, { literal: true } satisfies Context);
    }
  }
}

/** `inner`, shrinking also by literal deletion of single commands (`isFlow` recognises a flow given without context, e.g. a saved one). */
export function withCommandRemoval<F extends CommandFlow>(inner: fc.Arbitrary<F>, isFlow: (v: unknown) => v is F): fc.Arbitrary<F> {
  return new CommandRemoval(inner, isFlow);
}
