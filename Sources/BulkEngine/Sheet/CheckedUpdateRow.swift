import ConnectClient

/// A row and what update will do with it: the changes it asks for, or the problem that keeps
/// it from costing an API call.
public struct CheckedUpdateRow: Sendable {
    public let row: AgentRow
    public let outcome: Result<UserChanges, RowProblem>

    public init(row: AgentRow, outcome: Result<UserChanges, RowProblem>) {
        self.row = row
        self.outcome = outcome
    }
}
