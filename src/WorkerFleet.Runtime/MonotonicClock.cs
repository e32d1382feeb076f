using System.Diagnostics;
using System.Runtime.InteropServices;

namespace WorkerFleet.Runtime;

/// <summary>
/// Sleeps to a Stopwatch timestamp with the kernel's precision, where .NET's own waits count whole
/// milliseconds. On Linux, Stopwatch timestamps are CLOCK_MONOTONIC nanoseconds, so an absolute
/// clock_nanosleep ends at that very timestamp (plus the kernel's timer slack, ~50 µs). Elsewhere
/// it rounds up to the next millisecond: never early, at most that late.
/// </summary>
internal static partial class MonotonicClock
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsoluteTime = 1;
    private const int Interrupted = 4; // EINTR
    private const int SetTimerSlack = 29; // PR_SET_TIMERSLACK

    private static readonly bool Precise = OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000;

    public static void SleepUntil(long timestamp)
    {
        if (!Precise)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
            if (remaining > TimeSpan.Zero)
            {
                Thread.Sleep((int)Math.Ceiling(remaining.TotalMilliseconds));
            }

            return;
        }

        var due = new TimeSpec { Seconds = timestamp / 1_000_000_000, Nanoseconds = timestamp % 1_000_000_000 };
        while (ClockNanosleep(ClockMonotonic, TimerAbsoluteTime, in due, IntPtr.Zero) == Interrupted)
        {
            // A signal woke the thread early: the due time is absolute, so sleep again.
        }
    }

    /// <summary>
    /// Lets the kernel end this thread's sleeps within 1 ns of their due time instead of the default
    /// 50 µs slack (prctl PR_SET_TIMERSLACK; Linux only, a no-op elsewhere or where it fails).
    /// </summary>
    public static void TightenTimerSlack()
    {
        if (Precise)
        {
            _ = Prctl(SetTimerSlack, 1, 0, 0, 0);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // Returns 0 or the error number itself (not -1 with errno).
    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clockId, int flags, in TimeSpec request, IntPtr remaining);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
