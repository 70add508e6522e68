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

/// Where every sleep and every timestamp comes from: the runtime loop's deadlines, the pace
/// of Connect calls, retries' waits, the ledger's lease and heartbeat, the names of outputs,
/// log lines.
///
/// One protocol, so each of those paths runs in tests on a test clock (hummingbird's persist
/// driver is generic over its clock for the same reason): `SystemTime` is the real one.
public protocol TimeSource: Sendable {
    /// Wall-clock time in milliseconds since 1970-01-01T00:00:00Z: the unit of Lambda's
    /// deadline, of the ledger's lease, and of every timestamp written.
    var nowMs: Int64 { get }
    /// Time that only moves forward, from an arbitrary start: for pacing and measuring
    /// intervals, which a wall-clock step must not shorten or stretch.
    var uptime: Duration { get }
    /// Suspends the task for `duration` of this source's time.
    /// - Throws: `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

extension TimeSource {
    /// `nowMs` as a `Date`.
    public var now: Date { Date(timeIntervalSince1970: Double(nowMs) / 1000) }
}

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

extension Duration {
    /// The whole milliseconds of this duration, rounded down.
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
