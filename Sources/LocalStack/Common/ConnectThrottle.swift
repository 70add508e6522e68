import Synchronization

/// The account's Connect throttle: a token bucket per operation, as AWS defines Amazon
/// Connect's limits ("for each API separately at the AWS account level", 2/s burst 5 by
/// default), or one bucket shared by every operation (the older reading of the quota, or two
/// stacks' worth of calls); one operation can be given its own rate (an account whose applied
/// quota for it is below the default). Each operation's bucket follows the quota Service
/// Quotas publishes for it: the throttle's rate times the quota's multiple of AWS's default
/// (`ServiceQuotasSettings.multiple(of:)`: DescribeUser's bucket is five times CreateUser's).
public final class ConnectThrottle: Sendable {
    public enum Scope: String, Codable, Sendable {
        /// A bucket per operation (AWS's quotas).
        case operation
        /// One bucket for every operation.
        case shared
    }

    /// Every member optional, so that a configuration or `PUT /_local/throttle` changes only
    /// what it names.
    public struct Plan: Codable, Sendable, Equatable {
        public var ratePerSecond: Double?
        public var burst: Double?
        public var scope: Scope?
        public var operations: [String: TokenBucket.Settings]?
        public init(ratePerSecond: Double? = nil, burst: Double? = nil, scope: Scope? = nil,
                    operations: [String: TokenBucket.Settings]? = nil) {
            self.ratePerSecond = ratePerSecond
            self.burst = burst
            self.scope = scope
            self.operations = operations
        }
    }

    private struct State {
        var settings: TokenBucket.Settings
        var scope: Scope
        var operations: [String: TokenBucket.Settings]
        var buckets: [String: TokenBucket] = [:]
    }

    private let state: Mutex<State>
    private let now: @Sendable () -> Duration
    /// An operation's quota as a multiple of the default (nil: none published).
    private let quota: @Sendable (String) -> Double?

    public init(_ settings: TokenBucket.Settings = .init(), scope: Scope = .operation,
                operations: [String: TokenBucket.Settings] = [:], quota: @escaping @Sendable (String) -> Double? = { _ in nil },
                now: @escaping @Sendable () -> Duration = TokenBucket.monotonicNow) {
        self.now = now
        self.quota = quota
        state = Mutex(State(settings: settings, scope: scope, operations: operations))
    }

    /// The settings of every bucket an operation of its own does not override.
    public var settings: TokenBucket.Settings { state.withLock { $0.settings } }
    public var scope: Scope { state.withLock { $0.scope } }
    public var operations: [String: TokenBucket.Settings] { state.withLock { $0.operations } }

    /// Takes a token from `operation`'s bucket (the shared one when `scope` is `.shared`, unless
    /// the operation has settings of its own). `false`: throttled.
    public func tryAcquire(_ operation: String) -> Bool {
        bucket(operation).tryAcquire()
    }

    private func bucket(_ operation: String) -> TokenBucket {
        state.withLock { state in
            let own = state.operations[operation]
            let name = own == nil && state.scope == .shared ? "" : operation
            if let bucket = state.buckets[name] { return bucket }
            var settings = own ?? state.settings
            if own == nil, name != "", let multiple = quota(operation) { settings.ratePerSecond *= multiple }
            let bucket = TokenBucket(settings, now: now)
            state.buckets[name] = bucket
            return bucket
        }
    }

    /// New settings take effect at once, every bucket full.
    public func reconfigure(_ settings: TokenBucket.Settings) {
        reconfigure(Plan(ratePerSecond: settings.ratePerSecond, burst: settings.burst))
    }

    public func reconfigure(_ plan: Plan) {
        state.withLock { state in
            if let rate = plan.ratePerSecond { state.settings.ratePerSecond = rate }
            if let burst = plan.burst { state.settings.burst = burst }
            if let scope = plan.scope { state.scope = scope }
            if let operations = plan.operations { state.operations = operations }
            state.buckets = [:]
        }
    }

    public var plan: Plan {
        state.withLock {
            Plan(ratePerSecond: $0.settings.ratePerSecond, burst: $0.settings.burst, scope: $0.scope, operations: $0.operations)
        }
    }
}
