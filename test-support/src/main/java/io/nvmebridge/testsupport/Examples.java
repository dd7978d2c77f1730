package io.nvmebridge.testsupport;

import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Configuration;
import org.quicktheories.core.ExceptionReporter;
import org.quicktheories.core.Gen;
import org.quicktheories.core.Reporter;

/**
 * A property check on QuickTheories that keeps the two promises our property tests make:
 * <ul>
 *   <li>at least {@code count} distinct examples run. QuickTheories skips a draw it has already tried (the
 *       shrink target and the minimum of a range are often the same value, short strings repeat) and counts it
 *       against its examples, so it is asked for twice as many; once {@code count} examples ran, the rest of its
 *       draws are generated but not run. Fewer than {@code count} distinct draws fail the check.</li>
 *   <li>a failure names its seed and the system property that replays it: {@code -DQT_SEED=<seed>}, read by
 *       QuickTheories for every check (a run without it draws a seed from the clock).</li>
 * </ul>
 * A failing example is shrunk as QuickTheories shrinks it: by default for up to 100,000 cycles (QuickTheories'
 * own default, {@code QT_SHRINKS} changes it), or as many as {@link #shrinkCycles} says.
 */
public final class Examples {
    /** The system property QuickTheories takes its seed from. */
    public static final String SEED_PROPERTY = Configuration.SEED;

    private final int count;
    private final int shrinkCycles;

    private Examples(int count, int shrinkCycles) {
        if (count < 1) {
            throw new IllegalArgumentException("count " + count + " < 1");
        }
        this.count = count;
        this.shrinkCycles = shrinkCycles;
    }

    /** A check that runs at least {@code count} distinct examples. */
    public static Examples atLeast(int count) {
        return new Examples(count, -1);
    }

    /** The same check, shrinking a failure for at most {@code cycles} cycles (each one runs the property). */
    public Examples shrinkCycles(int cycles) {
        return new Examples(count, cycles);
    }

    /**
     * Examples QuickTheories is asked for: enough that repeated draws do not leave fewer than {@link #count}
     * (JSON values, where {@code true}, {@code null} and short strings recur, repeat about one draw in seven).
     */
    int requested() {
        return 2 * count + 8;
    }

    /** Runs {@code property} on at least {@link #count} distinct values of {@code as}. */
    public <A> void check(Gen<A> as, Check<A> property) {
        Run run = new Run(caller());
        theory(run).forAll(as).checkAssert(a -> run.example(() -> property.check(a)));
        run.verify();
    }

    /** Runs {@code property} on at least {@link #count} distinct pairs of values of {@code as} and {@code bs}. */
    public <A, B> void check(Gen<A> as, Gen<B> bs, Check2<A, B> property) {
        Run run = new Run(caller());
        theory(run).forAll(as, bs).checkAssert((a, b) -> run.example(() -> property.check(a, b)));
        run.verify();
    }

    /** Runs {@code property} on at least {@link #count} distinct triples of values of the three generators. */
    public <A, B, C> void check(Gen<A> as, Gen<B> bs, Gen<C> cs, Check3<A, B, C> property) {
        Run run = new Run(caller());
        theory(run).forAll(as, bs, cs).checkAssert((a, b, c) -> run.example(() -> property.check(a, b, c)));
        run.verify();
    }

    /**
     * For a property whose every example is a scenario grown from one 64-bit seed. A smaller seed is not a
     * smaller scenario, so a failure is reported with the seed as drawn, never shrunk.
     */
    public void checkSeeds(SeedCheck property) {
        Run run = new Run(caller());
        new Examples(count, 0).theory(run).forAll(longs().all())
                .checkAssert(seed -> run.example(() -> property.check(seed)));
        run.verify();
    }

    private QuickTheory theory(Run run) {
        QuickTheory qt = QuickTheory.qt().withExamples(requested()).withReporter(new ReplayHint(run.caller));
        return shrinkCycles < 0 ? qt : qt.withShrinkCycles(shrinkCycles);
    }

    /** The test method that called a check, as {@code -Dtest} names it (a lambda by the method it is in). */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().equals(Examples.class.getName()))
                .findFirst()
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "#"
                        + f.getMethodName().replaceFirst("^lambda\\$(.*)\\$\\d+$", "$1"))
                .orElse("?"));
    }

    /** One check's examples: counted until {@link #count} ran; after a failure every shrink candidate runs. */
    private final class Run {
        final String caller;
        int ran;
        boolean failed;

        Run(String caller) {
            this.caller = caller;
        }

        void example(Body body) {
            if (ran >= count && !failed) {
                return;
            }
            ran++;
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                failed = true;
                throw e;
            } catch (Exception e) {
                failed = true;
                throw new AssertionError(e);
            }
        }

        void verify() {
            if (ran < count) {
                throw new AssertionError(caller + ": only " + ran + " distinct examples of the " + count
                        + " asked for; the generator has fewer values than that, check them all instead");
            }
        }
    }

    /** QuickTheories' report, and the command that replays it. */
    private record ReplayHint(String caller) implements Reporter {
        @Override
        public void falisification(long seed, int count, Object smallest, Throwable cause, List<Object> examples,
                                   AsString<Object> toString) {
            try {
                new ExceptionReporter().falisification(seed, count, smallest, cause, examples, toString);
            } catch (AssertionError e) {
                throw withHint(e, seed);
            }
        }

        @Override
        public void falisification(long seed, int count, Object smallest, List<Object> examples,
                                   AsString<Object> toString) {
            try {
                new ExceptionReporter().falisification(seed, count, smallest, examples, toString);
            } catch (AssertionError e) {
                throw withHint(e, seed);
            }
        }

        @Override
        public void valuesExhausted(int completedExamples) {
            new ExceptionReporter().valuesExhausted(completedExamples);
        }

        private AssertionError withHint(AssertionError e, long seed) {
            return new AssertionError(e.getMessage() + System.lineSeparator() + "Replay: -Dtest=" + caller
                    + " -D" + SEED_PROPERTY + "=" + seed, e.getCause());
        }
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    /** A property of one value; any exception is a failure. */
    @FunctionalInterface
    public interface Check<A> {
        void check(A a) throws Exception;
    }

    /** A property of two values; any exception is a failure. */
    @FunctionalInterface
    public interface Check2<A, B> {
        void check(A a, B b) throws Exception;
    }

    /** A property of three values; any exception is a failure. */
    @FunctionalInterface
    public interface Check3<A, B, C> {
        void check(A a, B b, C c) throws Exception;
    }

    /** A property of one scenario's seed; any exception is a failure. */
    @FunctionalInterface
    public interface SeedCheck {
        void check(long seed) throws Exception;
    }
}
