import ConnectClient

/// What the real run would do with one row, as a plan job found it: the action, the changes
/// in a manager's words, and the Connect calls the row would cost (reads made for the row
/// included, in order).
package struct RowPlan: Codable, Sendable, Equatable {
    package enum Action: String, Codable, Sendable, CaseIterable {
        case create, update, unchanged, delete
    }

    package var action: Action
    /// `routing profile 'A' -> 'B'`, `tags +team=blue -site`: one piece per setting.
    package var changes: [String]
    /// The operations the row would call, one entry a call.
    package var calls: [ConnectOperation]
    /// How many of `calls` are reads the plan made itself for the row (the summary counts
    /// the plan's other calls as look-ups).
    package var readsMade: Int

    package init(_ action: Action, changes: [String] = [], calls: [ConnectOperation], readsMade: Int = 0) {
        self.action = action
        self.changes = changes
        self.calls = calls
        self.readsMade = readsMade
    }

    /// The plan column's cell: `update: routing profile 'A' -> 'B'; tags +team=blue -site`.
    package var text: String {
        changes.isEmpty ? action.rawValue : "\(action.rawValue): \(changes.joined(separator: "; "))"
    }
}
