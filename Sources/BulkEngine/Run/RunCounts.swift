/// How a job's rows ended and what they cost: the one set of counts that the ledger carries
/// across parts, the summary reports, and the run's metrics measure (`calls`).
///
/// Encoded flat (`{"rows":…,"created":…,"apiCalls":…}`): the summary's JSON is a contract.
public struct RunCounts: Codable, Sendable, Equatable {
    public var rows = 0
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var failed = 0
    public var calls = CallCounts()

    public init() {}

    /// One more row ended `outcome`.
    public mutating func count(_ outcome: RowOutcome) {
        switch outcome {
        case .created: created += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        case .failed: failed += 1
        }
    }

    enum CodingKeys: String, CodingKey {
        case rows, created, updated, unchanged, failed
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rows = try container.decode(Int.self, forKey: .rows)
        created = try container.decode(Int.self, forKey: .created)
        updated = try container.decode(Int.self, forKey: .updated)
        unchanged = try container.decode(Int.self, forKey: .unchanged)
        failed = try container.decode(Int.self, forKey: .failed)
        calls = try CallCounts(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rows, forKey: .rows)
        try container.encode(created, forKey: .created)
        try container.encode(updated, forKey: .updated)
        try container.encode(unchanged, forKey: .unchanged)
        try container.encode(failed, forKey: .failed)
        try calls.encode(to: encoder)
    }
}

/// What Connect calls cost: requests on the wire (retries and libcurl's own re-sends
/// included), retries, and 429 answers.
public struct CallCounts: Codable, Sendable, Equatable {
    public var apiCalls = 0
    public var retries = 0
    public var throttled = 0

    public init(apiCalls: Int = 0, retries: Int = 0, throttled: Int = 0) {
        self.apiCalls = apiCalls
        self.retries = retries
        self.throttled = throttled
    }

    public static func + (lhs: CallCounts, rhs: CallCounts) -> CallCounts {
        CallCounts(apiCalls: lhs.apiCalls + rhs.apiCalls, retries: lhs.retries + rhs.retries, throttled: lhs.throttled + rhs.throttled)
    }

    public static func - (lhs: CallCounts, rhs: CallCounts) -> CallCounts {
        CallCounts(apiCalls: lhs.apiCalls - rhs.apiCalls, retries: lhs.retries - rhs.retries, throttled: lhs.throttled - rhs.throttled)
    }
}
