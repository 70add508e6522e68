/// Where a lane's setting came from, as the summary names it.
public enum LaneSource: String, Codable, Sendable, Equatable {
    /// A person's override: `API_RATES`.
    case apiRates = "API_RATES"
    /// The account's applied quota (Service Quotas' ListServiceQuotas).
    case quota
    /// AWS's default quota, the account having none applied (ListAWSDefaultServiceQuotas).
    case defaultQuota = "default quota"
    /// `API_INTERVAL_MS`: no quota known for the operation, or none could be read.
    case apiInterval = "API_INTERVAL_MS"
}

/// A quota's settings for one operation's lane, and whether it was applied or AWS's default.
public struct LaneQuota: Codable, Sendable, Equatable {
    public var ratePerSecond: Double
    /// The account's burst for the operation.
    public var burst: Int
    /// `.quota` or `.defaultQuota`.
    public var source: LaneSource

    public init(ratePerSecond: Double, burst: Int, source: LaneSource) {
        self.ratePerSecond = ratePerSecond
        self.burst = burst
        self.source = source
    }

    /// The lane goes at the quota's rate and keeps one call of its burst in reserve: a lane
    /// as fast as the account's bucket, burst for burst, leaves it empty, and a call that
    /// arrives a few milliseconds early is throttled (measured: a 429 in six CreateUser calls
    /// at 5/s burst 5); with one in reserve, a call may arrive up to an interval early.
    var settings: LaneSettings { LaneSettings(ratePerSecond: ratePerSecond, burst: max(1, burst - 1)) }
}

/// What one operation's lane is set to, and why: in the summary as `pace`.
public struct LanePace: Codable, Sendable, Equatable {
    public var operation: String
    /// Calls a second (three decimals); nil when the lane is not paced (`API_INTERVAL_MS=0`).
    public var ratePerSecond: Double?
    public var burst: Int
    public var source: LaneSource

    public init(operation: String, settings: LaneSettings, source: LaneSource) {
        self.operation = operation
        ratePerSecond = settings.ratePerSecond.isFinite ? RunReport.rounded(settings.ratePerSecond) : nil
        burst = settings.burst
        self.source = source
    }
}

extension LanePace {
    /// The pace of each lane the job called, by operation name; nil before any call.
    static func used(_ ledger: JobLedger) -> [LanePace]? {
        guard let pace = ledger.pace, let lanes = ledger.lanes, !lanes.isEmpty else { return nil }
        let used = lanes.keys.sorted().compactMap { pace[$0] }
        return used.isEmpty ? nil : used
    }
}

extension CallPace {
    /// This pace with each lane as the job set it (its quotas read, `API_RATES` over them),
    /// where the ledger has them: a plan's time at the rates the real run would go at.
    func ofJob(_ ledger: JobLedger) -> CallPace {
        guard let pace = ledger.pace else { return self }
        var job = self
        for (operation, lane) in pace {
            job.overrides[operation] = LaneSettings(ratePerSecond: lane.ratePerSecond ?? .infinity, burst: lane.burst)
        }
        return job
    }
}

extension LanePace {
    /// The summary's pace as one log field: `CreateUser 5/s burst 4 (quota), DescribeUser 10/s
    /// burst 4 (default quota)`, after why Service Quotas was not read, when it was not.
    static func text(_ report: RunReport) -> String {
        let lanes = (report.pace ?? []).map { lane in
            let rate = lane.ratePerSecond.map { $0 == $0.rounded() ? "\(Int($0))/s" : "\($0)/s" } ?? "unpaced"
            return "\(lane.operation) \(rate) burst \(lane.burst) (\(lane.source.rawValue))"
        }.joined(separator: ", ")
        guard let reason = report.quotasNotRead else { return lanes }
        return "Service Quotas not read (\(reason)): " + lanes
    }
}
