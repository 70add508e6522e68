import ConnectClient

/// A row and what create will do with it: one CreateUser request, or the problem that keeps
/// it from costing an API call.
package struct CheckedCreateRow: Sendable {
    package let row: AgentRow
    package let outcome: Result<ConnectNewUser, RowProblem>
    /// What the row sets beyond the request (empty for a row that fails).
    package let settings: CreateSettings

    package init(row: AgentRow, outcome: Result<ConnectNewUser, RowProblem>, settings: CreateSettings = CreateSettings()) {
        self.row = row
        self.outcome = outcome
        self.settings = settings
    }
}
