import ConnectClient

/// A row and what update will do with it: the changes it asks for, or the problem that keeps
/// it from costing an API call.
package struct CheckedUpdateRow: Sendable {
    package let row: AgentRow
    package let outcome: Result<UserChanges, RowProblem>

    package init(row: AgentRow, outcome: Result<UserChanges, RowProblem>) {
        self.row = row
        self.outcome = outcome
    }
}
