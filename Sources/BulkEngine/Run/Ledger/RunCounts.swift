/// How a job's rows ended and what they cost: the one set of counts that the ledger carries
/// across parts, the summary reports, and the run's metrics measure (`calls`).
///
/// Its JSON is flat (`{"rows":…,"created":…,"apiCalls":…}`): the summary's JSON is a contract.
package struct RunCounts: Codable, Sendable, Equatable {
    package var rows = 0
    package var created = 0
    package var updated = 0
    package var unchanged = 0
    /// `delete/`: users this job deleted.
    package var deleted = 0
    package var failed = 0
    /// Rows a plan job planned (`plan/...`: nothing done; the summary's `plan` says what).
    package var planned = 0
    /// Users written to an export.
    package var exported = 0
    /// Connect requests sent, retries (and libcurl's own re-sends) included.
    package var apiCalls = 0
    package var retries = 0
    /// 429 responses from Connect.
    package var throttled = 0

    package init() {}

    /// A ledger written before `deleted`, `planned` and `exported` existed still reads (a job
    /// resumed across an upgrade).
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rows = try container.decode(Int.self, forKey: .rows)
        created = try container.decode(Int.self, forKey: .created)
        updated = try container.decode(Int.self, forKey: .updated)
        unchanged = try container.decode(Int.self, forKey: .unchanged)
        deleted = try container.decodeIfPresent(Int.self, forKey: .deleted) ?? 0
        failed = try container.decode(Int.self, forKey: .failed)
        planned = try container.decodeIfPresent(Int.self, forKey: .planned) ?? 0
        exported = try container.decodeIfPresent(Int.self, forKey: .exported) ?? 0
        apiCalls = try container.decode(Int.self, forKey: .apiCalls)
        retries = try container.decode(Int.self, forKey: .retries)
        throttled = try container.decode(Int.self, forKey: .throttled)
    }

    /// One more row ended `outcome`.
    package mutating func count(_ outcome: RowOutcome) {
        switch outcome {
        case .created: created += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        case .deleted: deleted += 1
        case .failed: failed += 1
        case .planned: planned += 1
        case .exported: exported += 1
        }
    }

    /// What the calls cost, as the metrics count it.
    package var calls: CallCounts {
        get { CallCounts(apiCalls: apiCalls, retries: retries, throttled: throttled) }
        set { (apiCalls, retries, throttled) = (newValue.apiCalls, newValue.retries, newValue.throttled) }
    }
}
