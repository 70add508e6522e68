import AWSCore
import Synchronization

/// A lane per Connect operation, each at its own rate and burst: AWS defines Amazon Connect's
/// throttling limits "for each API separately at the AWS account level" (2 requests a second,
/// burst 5, by default; adjustable per API through Service Quotas), so an update's five write
/// APIs go side by side instead of taking turns in one pace.
///
/// Every operation gets `defaults` (from `API_INTERVAL_MS`) unless `overrides` names it
/// (`API_RATES`); a lane is made on its operation's first call.
public final class Lanes: Sendable {
    public let defaults: LaneSettings
    public let overrides: [String: LaneSettings]
    /// The account-wide pace for a quota shared by every operation (off until 429s show one).
    public let gate: AccountGate
    private let time: any TimeSource
    private let lanes = Mutex<[String: Lane]>([:])

    public init(defaults: LaneSettings, overrides: [String: LaneSettings] = [:], time: any TimeSource) {
        self.defaults = defaults
        self.overrides = overrides
        self.time = time
        gate = AccountGate(defaultRate: defaults.ratePerSecond, time: time)
    }

    /// The lane of `operation` (requests that name none share the lane "Other").
    public func lane(_ operation: String?) -> Lane {
        let name = operation ?? "Other"
        return lanes.withLock { lanes in
            if let lane = lanes[name] { return lane }
            let settings = overrides[name] ?? defaults
            let lane = Lane(operation: name, settings: settings, time: time, gate: gate)
            gate.add(rate: settings.ratePerSecond)
            lanes[name] = lane
            return lane
        }
    }

    /// Every lane used so far, by operation name.
    public var reports: [Lane.Report] {
        lanes.withLock { $0.values.map(\.report) }.sorted { $0.operation < $1.operation }
    }
}
