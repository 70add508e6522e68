/// What a plan job (`plan/...`) says the real run would do: the rows by action, the calls it
/// would make and the time they take at the configured pace. In the summary as `plan`.
package struct PlanSummary: Codable, Sendable, Equatable {
    package var create = 0
    package var update = 0
    package var unchanged = 0
    package var delete = 0
    /// Rows the real run would fail (each with its reason in the plan file).
    package var fail = 0
    /// The rows' own calls by operation, reads included.
    package var calls: [String: Int] = [:]
    /// The look-ups the real run makes before the rows: those the plan made (a create plan
    /// also looks for the logins that exist already, one SearchUsers per 500 rows).
    package var lookUps = 0
    /// Every call the real run would make: `lookUps` and the rows' calls.
    package var apiCalls = 0
    /// How long those calls take at the configured pace: the look-ups one after another, then
    /// each operation's calls at its own lane's pace, the lanes side by side.
    package var seconds = 0.0

    package init() {}

    /// The summary of a plan job's ledger: every planned row, every failed one, and the calls
    /// the plan itself made (its look-ups and the reads it made for rows).
    init(_ ledger: JobLedger, pace: CallPace) {
        fail = ledger.failed
        var readsMade = 0
        for row in ledger.plans {
            switch row.plan.action {
            case .create: create += 1
            case .update: update += 1
            case .unchanged: unchanged += 1
            case .delete: delete += 1
            }
            for operation in row.plan.calls { calls[operation.rawValue, default: 0] += 1 }
            readsMade += row.plan.readsMade
        }
        lookUps = max(0, ledger.apiCalls - readsMade)
        apiCalls = lookUps + calls.values.reduce(0, +)
        seconds = pace.seconds(lookUps: lookUps, calls: calls)
    }
}
