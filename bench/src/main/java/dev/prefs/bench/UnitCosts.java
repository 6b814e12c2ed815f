package dev.prefs.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Work per CPU-second of the service's own process, for the capacity model to divide by: requests or events over the
 * CPU time ({@code /proc/<pid>/stat}, user and system, every thread) the process used over the same interval. The
 * CPU of PostgreSQL and of the load generator is not in it.
 */
final class UnitCosts {

    /** One path: how much work, on which process, its CPU seconds and the wall-clock seconds they were spent in. */
    record Unit(String path, String process, long units, String unit, double cpuSeconds, double wallSeconds) {

        double perCpuSecond() {
            return units / cpuSeconds;
        }
    }

    private final List<Unit> units = new ArrayList<>();

    void add(String path, String process, long count, String unit, double cpuSeconds, double wallSeconds) {
        units.add(new Unit(path, process, count, unit, cpuSeconds, wallSeconds));
        Bench.log("unit cost: " + path + ": " + count + " " + unit + " in " + Bench.format(cpuSeconds) + " CPU-s of "
                  + process + " (" + Bench.format(wallSeconds) + " s wall): " + Bench.rate(count / cpuSeconds)
                  + " " + unit + " per CPU-second");
    }

    boolean isEmpty() {
        return units.isEmpty();
    }

    String markdown() {
        StringBuilder table = new StringBuilder();
        table.append("Work per CPU-second of the service process (user + system time of the JVM from "
                     + "`/proc/<pid>/stat`, every thread: request handling, the event processors, GC, JIT), over the "
                     + "interval of each workload; PostgreSQL's and the load generator's CPU are not in it. The "
                     + "service, PostgreSQL and the generator share the machine's cores, so these are the service's "
                     + "own unit costs, not the machine's. Live processing counts each event once although every "
                     + "following build of every projection handles it.\n\n");
        table.append("| path | process | work | CPU-seconds | wall seconds | cores busy (CPU / wall) | per CPU-second |\n");
        table.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Unit u : units) {
            table.append("| ").append(u.path()).append(" | ").append(u.process()).append(" | ")
                 .append(String.format("%,d", u.units())).append(' ').append(u.unit()).append(" | ")
                 .append(Bench.format(u.cpuSeconds())).append(" | ").append(Bench.format(u.wallSeconds()))
                 .append(" | ").append(String.format("%.2f", u.cpuSeconds() / u.wallSeconds())).append(" | **")
                 .append(Bench.rate(u.perCpuSecond())).append("** ").append(u.unit()).append(" |\n");
        }
        return table.toString();
    }
}
