import JSONLog

/// What one input file came to: written to `results/<name>-<dateTime>.json`, returned by the
/// function, and logged as the final summary line. Its counts (`report.created`, …) are the
/// ledger's, encoded flat beside the other members.
package struct RunReport: CountsCarrier, Codable, Sendable, Equatable {
    package enum Status: String, Codable, Sendable {
        /// Every row ended in an outcome; the input was renamed to `.bak`.
        case completed
        /// The file could not be read as the template (malformed CSV, no `user login` column);
        /// it was kept untouched under `failed/`.
        case rejected
        /// The input no longer exists (already processed, or deleted).
        case missing
        /// Not an input (the function's own output, another folder or suffix).
        case ignored
        /// The invocation's time ran short: the rows left were written as a continuation
        /// object, which a fresh invocation takes on. The file's summary comes with its last part.
        case continued
        /// Another invocation processed this file, or is processing it (a re-delivered event).
        case duplicate
    }

    package var bucket: String
    package var input: String
    package var status: Status
    /// Why the file was rejected, missing or ignored; notes on a completed run
    /// (for example that it was read as Windows-1252).
    package var message: String?
    package var counts = RunCounts()
    package var durationMs = 0
    /// Invocations the file took (1 unless it was continued).
    package var parts = 1
    /// The continuation object holding the rows left, for a `continued` part.
    package var continuation: String?
    package var failureFile: String?
    /// A plan job's plan file (`results/<name>-<dateTime>.plan.csv`).
    package var planFile: String?
    /// What a plan job says the real run would do.
    package var plan: PlanSummary?
    package var processedInput: String?
    package var summary: String?
    /// The export written (`exports/agents-<dateTime>.csv`), for an export.
    package var export: String?
    /// Each Connect operation's lane: calls (retries and re-sends included), 429s, and the
    /// rate it ended at (calls a second; lowered by 429s, climbing back towards its setting).
    package var lanes: [LaneReport]?
    /// The account gate, when it engaged during the job (429s from two operations: a quota
    /// shared by every API): how many times, and the rate it held every operation together to
    /// at the end (calls a second; absent once it had turned itself off again).
    package var accountGate: GateCounts?
    /// The unit of SearchUsers' per-channel ACW the job found, and how (absent when the job
    /// read no per-channel ACW from SearchUsers).
    package var afterContactWork: AfterContactWorkFinding?

    // Each lane at the account's quota (issue 20, point 3).
    /// Each lane the job used: the rate and burst it was set to, and where they came from
    /// (`API_RATES`, `quota`, `default quota`, `API_INTERVAL_MS`).
    package var pace: [LanePace]?
    /// Why Service Quotas could not be read, when it could not (the lanes then went at
    /// `API_INTERVAL_MS`).
    package var quotasNotRead: String?

    package struct LaneReport: Codable, Sendable, Equatable {
        package var operation: String
        package var calls: Int
        package var throttled: Int
        package var finalRate: Double?

        package init(operation: String, calls: Int, throttled: Int, finalRate: Double?) {
            self.operation = operation
            self.calls = calls
            self.throttled = throttled
            self.finalRate = finalRate
        }

        /// The ledger's lanes, by operation name.
        static func of(_ lanes: [String: LaneCounts]?) -> [LaneReport]? {
            guard let lanes, !lanes.isEmpty else { return nil }
            return lanes.sorted { $0.key < $1.key }.map {
                LaneReport(operation: $0.key, calls: $0.value.calls, throttled: $0.value.throttled,
                           finalRate: $0.value.rate.map(RunReport.rounded))
            }
        }
    }

    /// A rate as the summary gives it: calls a second to three decimals.
    static func rounded(_ rate: Double) -> Double { (rate * 1000).rounded() / 1000 }

    package init(bucket: String, input: String, status: Status, message: String? = nil) {
        self.bucket = bucket
        self.input = input
        self.status = status
        self.message = message
    }
}

extension RunReport {
    /// Another invocation processed this file, or holds it now: logged, and said in the report.
    static func duplicate(bucket: String, input: String, _ message: String, logger: JSONLogger) -> RunReport {
        logger.info("duplicate", ["key": .string(input), "reason": .string(message)])
        return RunReport(bucket: bucket, input: input, status: .duplicate, message: message)
    }

    enum CodingKeys: String, CodingKey {
        case bucket, input, status, message, durationMs, parts, continuation, failureFile, planFile, plan, processedInput, summary, export,
             lanes, accountGate, afterContactWork
        case pace, quotasNotRead
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(bucket: try container.decode(String.self, forKey: .bucket), input: try container.decode(String.self, forKey: .input),
                  status: try container.decode(Status.self, forKey: .status),
                  message: try container.decodeIfPresent(String.self, forKey: .message))
        counts = try RunCounts(from: decoder)
        durationMs = try container.decode(Int.self, forKey: .durationMs)
        parts = try container.decode(Int.self, forKey: .parts)
        continuation = try container.decodeIfPresent(String.self, forKey: .continuation)
        failureFile = try container.decodeIfPresent(String.self, forKey: .failureFile)
        planFile = try container.decodeIfPresent(String.self, forKey: .planFile)
        plan = try container.decodeIfPresent(PlanSummary.self, forKey: .plan)
        processedInput = try container.decodeIfPresent(String.self, forKey: .processedInput)
        summary = try container.decodeIfPresent(String.self, forKey: .summary)
        export = try container.decodeIfPresent(String.self, forKey: .export)
        lanes = try container.decodeIfPresent([LaneReport].self, forKey: .lanes)
        accountGate = try container.decodeIfPresent(GateCounts.self, forKey: .accountGate)
        afterContactWork = try container.decodeIfPresent(AfterContactWorkFinding.self, forKey: .afterContactWork)
        pace = try container.decodeIfPresent([LanePace].self, forKey: .pace)
        quotasNotRead = try container.decodeIfPresent(String.self, forKey: .quotasNotRead)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bucket, forKey: .bucket)
        try container.encode(input, forKey: .input)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(message, forKey: .message)
        try container.encode(durationMs, forKey: .durationMs)
        try container.encode(parts, forKey: .parts)
        try container.encodeIfPresent(continuation, forKey: .continuation)
        try container.encodeIfPresent(failureFile, forKey: .failureFile)
        try container.encodeIfPresent(planFile, forKey: .planFile)
        try container.encodeIfPresent(plan, forKey: .plan)
        try container.encodeIfPresent(processedInput, forKey: .processedInput)
        try container.encodeIfPresent(summary, forKey: .summary)
        try container.encodeIfPresent(export, forKey: .export)
        try container.encodeIfPresent(lanes, forKey: .lanes)
        try container.encodeIfPresent(accountGate, forKey: .accountGate)
        try container.encodeIfPresent(afterContactWork, forKey: .afterContactWork)
        try container.encodeIfPresent(pace, forKey: .pace)
        try container.encodeIfPresent(quotasNotRead, forKey: .quotasNotRead)
        try counts.encode(to: encoder)
    }
}
