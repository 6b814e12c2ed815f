package dev.prefs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's CPU time from {@code /proc/stat}, so a load generator's own CPU time can be set against everything
 * the machine did in the same interval. Linux only; elsewhere every reading is {@code NaN}.
 */
final class Cpu {

    /** The kernel's clock ticks per second ({@code USER_HZ}): 100 on every Linux the harness has met. */
    static final double TICKS_PER_SECOND = 100;

    /** The machine's busy and total CPU seconds since boot, summed over all cores. */
    record Reading(double busySeconds, double totalSeconds) {

        /** Busy CPU seconds from {@code earlier} to this reading. */
        double busySince(Reading earlier) {
            return busySeconds - earlier.busySeconds;
        }
    }

    private Cpu() {
    }

    /**
     * The CPU seconds (user and system, all its threads) process {@code pid} has used since it started, from
     * {@code /proc/<pid>/stat}; {@code NaN} where that cannot be read (not Linux, or the process is gone).
     */
    static double process(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // pid (comm) state ppid ... utime stime: after the command's closing parenthesis, fields 14 and 15
            // of the line are the 12th and 13th.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static Reading machine() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            double total = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                total += Long.parseLong(fields[i]);
            }
            double idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new Reading((total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return new Reading(Double.NaN, Double.NaN);
        }
    }
}
