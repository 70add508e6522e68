import AWSCore

/// How a row ended.
package enum RowOutcome: Sendable, Equatable {
    case created
    case updated
    case unchanged
    /// `delete/`: the user is gone (deleted by this job, now or before a resume).
    case deleted
    case failed(String)
    /// A plan job's row (`plan/...`): what the real run would do, and nothing done.
    case planned(RowPlan)
    /// A user written to an export.
    case exported
}
