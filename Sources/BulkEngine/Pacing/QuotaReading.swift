/// The account's Connect API quotas as a job read them at its start, kept in its ledger so
/// that its later parts pace the same way without reading again.
package struct QuotaReading: Codable, Sendable, Equatable {
    /// Each operation's quota that Service Quotas gave (applied, else AWS's default).
    package var operations: [String: LaneQuota] = [:]
    /// Why Service Quotas could not be read: the job went at `API_INTERVAL_MS` (and `API_RATES`).
    package var failure: String?

    package init(operations: [String: LaneQuota] = [:], failure: String? = nil) {
        self.operations = operations
        self.failure = failure
    }
}
