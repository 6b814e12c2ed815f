package dev.prefs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A process's CPU seconds from /proc agree with what the JVM says of its own thread, within a tick's rounding. */
class CpuTest {

    @Test
    void aProcessesCpuSecondsGrowByTheWorkItsThreadsDo() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux only");
        long pid = ProcessHandle.current().pid();
        var threads = ManagementFactory.getThreadMXBean();
        double before = Cpu.process(pid);
        long threadBefore = threads.getCurrentThreadCpuTime();
        long sum = 0;
        while (threads.getCurrentThreadCpuTime() - threadBefore < 500_000_000L) {
            sum += Long.numberOfTrailingZeros(System.nanoTime() ^ sum);
        }
        double after = Cpu.process(pid);
        double thread = (threads.getCurrentThreadCpuTime() - threadBefore) / 1e9;
        assertThat(sum).isNotNegative();
        assertThat(before).isPositive();
        // The whole process used at least this thread's half second (less two ticks of rounding).
        assertThat(after - before).isGreaterThanOrEqualTo(thread - 2 / Cpu.TICKS_PER_SECOND);
        // And not wildly more: the test JVM's other threads are nearly idle meanwhile.
        assertThat(after - before).isLessThan(thread * 4 + 1);
    }

    @Test
    void aProcessThatIsGoneHasNoReading() {
        assertThat(Cpu.process(Long.MAX_VALUE)).isNaN();
    }
}
