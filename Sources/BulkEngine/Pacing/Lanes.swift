import AWSCore
import Synchronization

/// A lane per Connect operation, each at its own rate and burst: AWS defines Amazon Connect's
/// throttling limits "for each API separately at the AWS account level" (2 requests a second,
/// burst 5, by default; adjustable per API through Service Quotas), so an update's five write
/// APIs go side by side instead of taking turns in one pace.
///
/// Each operation's settings, first found first: `overrides` (`API_RATES`, a person's word),
/// the job's quotas (`apply(quotas:)`: what Service Quotas says the account may do), then
/// `defaults` (from `API_INTERVAL_MS`). A lane is made on its operation's first call.
package final class Lanes: Sendable {
    package let defaults: LaneSettings
    package let overrides: [String: LaneSettings]
    /// The account-wide pace for a quota shared by every operation (off until 429s show one).
    package let gate: AccountGate
    private let time: any TimeSource
    private let state = Mutex(State())

    private struct State {
        var lanes: [String: Lane] = [:]
        var quotas: [String: LaneQuota] = [:]
    }

    package init(defaults: LaneSettings, overrides: [String: LaneSettings] = [:], time: any TimeSource) {
        self.defaults = defaults
        self.overrides = overrides
        self.time = time
        gate = AccountGate(defaultRate: defaults.ratePerSecond, time: time)
    }

    /// The lane of `operation` (requests that name none share the lane "Other").
    package func lane(_ operation: String?) -> Lane {
        let name = operation ?? "Other"
        return state.withLock { state in
            if let lane = state.lanes[name] { return lane }
            let settings = Self.setting(name, overrides: overrides, quotas: state.quotas, defaults: defaults).settings
            let lane = Lane(operation: name, settings: settings, time: time, gate: gate)
            gate.add(rate: settings.ratePerSecond)
            state.lanes[name] = lane
            return lane
        }
    }

    /// A job's quotas, by operation, in place of the last job's: lanes made already are set
    /// again (those `API_RATES` names keep their rate), the ones made later start at them. An
    /// empty map puts every lane back at `API_INTERVAL_MS` (quotas that could not be read).
    package func apply(quotas: [String: LaneQuota]) {
        state.withLock { state in
            state.quotas = quotas
            var ceiling = 0.0
            for (name, lane) in state.lanes {
                let settings = Self.setting(name, overrides: overrides, quotas: quotas, defaults: defaults).settings
                lane.reset(to: settings)
                ceiling += settings.ratePerSecond
            }
            gate.set(ceiling: ceiling)
        }
    }

    /// What `operation`'s lane is set to, and why.
    package func pace(of operation: String) -> LanePace {
        let quotas = state.withLock { $0.quotas }
        let (settings, source) = Self.setting(operation, overrides: overrides, quotas: quotas, defaults: defaults)
        return LanePace(operation: operation, settings: settings, source: source)
    }

    private static func setting(_ operation: String, overrides: [String: LaneSettings], quotas: [String: LaneQuota],
                                defaults: LaneSettings) -> (settings: LaneSettings, source: LaneSource) {
        if let settings = overrides[operation] { return (settings, .apiRates) }
        if let quota = quotas[operation] { return (quota.settings, quota.source) }
        return (defaults, .apiInterval)
    }

    /// Every lane used so far, by operation name.
    package var reports: [Lane.Report] {
        state.withLock { $0.lanes.values.map(\.report) }.sorted { $0.operation < $1.operation }
    }
}
