/// What one operation's lane is set to, and why: in the summary as `pace`.
package struct LanePace: Codable, Sendable, Equatable {
    package var operation: String
    /// Calls a second (three decimals); nil when the lane is not paced (`API_INTERVAL_MS=0`).
    package var ratePerSecond: Double?
    package var burst: Int
    package var source: LaneSource

    package init(operation: String, settings: LaneSettings, source: LaneSource) {
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
