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

extension Duration {
    /// The whole milliseconds of this duration, rounded down.
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
