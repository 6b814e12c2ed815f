package dev.prefs.bench;

/**
 * What one HTTP load run gave: the closed-loop or fixed-rate {@link Load.Result} (rate, p50, p99, failures), the
 * tail beyond p99, and the load generator's own cost: its CPU seconds against the machine's busy CPU seconds over the
 * same interval (warm-up included), on {@code cores} cores.
 */
record HttpRun(String generator, Load.Result result, double p999Millis, double maxMillis, double generatorCpuSeconds,
               double machineBusySeconds, double elapsedSeconds, int cores) {

    /** The generator's share of the CPU the machine used while it ran. */
    double shareOfBusy() {
        return generatorCpuSeconds / machineBusySeconds;
    }

    /** The generator's share of the whole machine (every core, busy or not) while it ran. */
    double shareOfMachine() {
        return generatorCpuSeconds / (elapsedSeconds * cores);
    }

    String describe() {
        Load.Result r = result;
        return Bench.rate(r.rate()) + "/s, p50 " + Bench.millis(r.p50Millis()) + ", p99 " + Bench.millis(r.p99Millis())
               + ", p99.9 " + Bench.millis(p999Millis) + ", max " + Bench.millis(maxMillis)
               + (r.failures() > 0 ? ", " + r.failures() + " failed (" + r.firstFailure() + ")" : "")
               + "; " + generator + " used " + String.format("%.0f %%", 100 * shareOfBusy())
               + " of the busy CPU";
    }
}
