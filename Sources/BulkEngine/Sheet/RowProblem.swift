import ConnectClient

/// Why a row cannot be sent, in words a manager understands ("security profile 'Agnet' not
/// found (did you mean 'Agent'?)"). A row with several problems carries them all, joined by
/// `; `, with `column` nil unless they are all about one column. A message never contains
/// the password.
public struct RowProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The column at fault, when there is one.
    public var column: AgentColumn?
    public var message: String

    public init(column: AgentColumn?, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { message }

    /// One problem standing for all of `problems` (not empty); its column is theirs when they
    /// all have the same.
    static func combined(_ problems: [RowProblem]) -> RowProblem {
        if problems.count == 1 { return problems[0] }
        let column = problems.allSatisfy { $0.column == problems[0].column } ? problems[0].column : nil
        return RowProblem(column: column, message: problems.map(\.message).joined(separator: "; "))
    }
}

/// A row and what create will do with it: one CreateUser request, or the problem that keeps
/// it from costing an API call.
public struct PlannedRow: Sendable {
    public let row: AgentRow
    public let outcome: Result<ConnectNewUser, RowProblem>

    public init(row: AgentRow, outcome: Result<ConnectNewUser, RowProblem>) {
        self.row = row
        self.outcome = outcome
    }
}
