#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The system's clocks: `CLOCK_REALTIME` for the wall, `CLOCK_MONOTONIC` for intervals, and
/// `Task.sleep` (on the continuous clock) for waits.
public struct SystemTime: TimeSource {
    public init() {}

    public var nowMs: Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }

    public var uptime: Duration {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return .seconds(Int64(time.tv_sec)) + .nanoseconds(Int64(time.tv_nsec))
    }

    /// With no tolerance: the default lets the system wake a sleep late by a fraction of it
    /// (tens of milliseconds for a 600 ms pace), and the pacer's next slot, one interval after
    /// this one's, would then follow the late call too soon.
    public func sleep(for duration: Duration) async throws {
        guard duration > .zero else { return try Task.checkCancellation() }
        try await Task.sleep(for: duration, tolerance: .zero)
    }
}
