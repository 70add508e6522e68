import ConnectClient

/// A row and what create will do with it: one CreateUser request, or the problem that keeps
/// it from costing an API call.
public struct CheckedCreateRow: Sendable {
    public let row: AgentRow
    public let outcome: Result<ConnectNewUser, RowProblem>
    /// What the row sets beyond the request (empty for a row that fails).
    public let settings: CreateSettings

    public init(row: AgentRow, outcome: Result<ConnectNewUser, RowProblem>, settings: CreateSettings = CreateSettings()) {
        self.row = row
        self.outcome = outcome
        self.settings = settings
    }
}
