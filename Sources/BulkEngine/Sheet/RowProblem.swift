import ConnectClient

/// Why a row cannot be sent, in words a manager understands ("security profile 'Agnet' not
/// found (did you mean 'Agent'?)"). A row with several problems carries them all, joined by
/// `; `, with `column` nil unless they are all about one column. A message never contains
/// the password.
///
/// Two forms, for two readers:
/// - `message` (and `description`) is for the failure file, next to the row's own cells: it
///   quotes what the row holds (at most a short prefix of a long value, see
///   `SheetText.quoted`), because "routing profile 'Sales' not found" is what lets a manager
///   fix it. A shifted row puts one column's value into another (a password into the email
///   column), so a message may hold any of the row's values.
/// - `logDescription` is for log lines (and anything else that leaves the failure file): the
///   column(s) and the kind of problem in fixed words ("email address: not a valid email
///   address"), never a value.
package struct RowProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong with a cell, in words that hold no value.
    package enum Kind: String, Sendable, CaseIterable {
        case empty
        case columnMissing
        case tooLong
        case notValid
        case notAnEmailAddress
        case notE164
        case passwordRules
        case mustBeEmpty
        case notFound
        case ambiguous
        case duplicate
        case tooMany
        case formula
        case controlCharacter
        case extraCells

        /// A short fixed phrase: "not a valid email address".
        package var words: String {
            switch self {
            case .empty: "empty"
            case .columnMissing: "no such column in the file"
            case .tooLong: "too long"
            case .notValid: "not valid"
            case .notAnEmailAddress: "not a valid email address"
            case .notE164: "not in E.164 form"
            case .passwordRules: "does not meet the password rules"
            case .mustBeEmpty: "must be left empty"
            case .notFound: "not found"
            case .ambiguous: "matches several names"
            case .duplicate: "appears more than once in the file"
            case .tooMany: "lists too many names"
            case .formula: "begins with a formula character"
            case .controlCharacter: "contains a control character"
            case .extraCells: "more cells than the header"
            }
        }
    }

    /// One problem without its value: where (a template column, or the position of a cell
    /// the template does not know) and what.
    package struct Fact: Sendable, Equatable {
        package var column: AgentColumn?
        /// The cell's 1-based position in the row, for a cell that is not a template column
        /// (an unknown column, or a cell beyond the header).
        package var position: Int?
        package var kind: Kind

        package init(column: AgentColumn?, position: Int? = nil, kind: Kind) {
            self.column = column
            self.position = position
            self.kind = kind
        }

        /// `email address: not a valid email address`, `column 14 (N): contains a control
        /// character`, `row: more cells than the header`.
        package var words: String {
            let place = column?.label ?? position.map { "column \(CSVReader.columnName($0))" } ?? "row"
            return "\(place): \(kind.words)"
        }
    }

    /// The column at fault, when there is one.
    package var column: AgentColumn?
    /// The full reason, for the failure file.
    package var message: String
    /// Every problem of the row, in the message's order, without values.
    package var facts: [Fact]

    package init(column: AgentColumn?, kind: Kind, position: Int? = nil, message: String) {
        self.column = column
        self.message = message
        self.facts = [Fact(column: column, position: position, kind: kind)]
    }

    /// A problem whose kind is only "not valid".
    package init(column: AgentColumn?, message: String) {
        self.init(column: column, kind: .notValid, message: message)
    }

    package var description: String { message }

    /// The problem as a log line may carry it: the column(s) and the kind of each problem,
    /// never a cell's value (`email address: not a valid email address; password: does not
    /// meet the password rules`). A repeated fact is given once.
    package var logDescription: String {
        var seen: [Fact] = []
        for fact in facts where !seen.contains(fact) { seen.append(fact) }
        return seen.map(\.words).joined(separator: "; ")
    }

    /// Two problems are the same when they say the same thing: the facts are derived from the
    /// same checks as the message.
    package static func == (lhs: RowProblem, rhs: RowProblem) -> Bool {
        lhs.column == rhs.column && lhs.message == rhs.message
    }

    /// One problem standing for all of `problems` (not empty); its column is theirs when they
    /// all have the same.
    static func combined(_ problems: [RowProblem]) -> RowProblem {
        if problems.count == 1 { return problems[0] }
        let column = problems.allSatisfy { $0.column == problems[0].column } ? problems[0].column : nil
        var combined = RowProblem(column: column, message: problems.map(\.message).joined(separator: "; "))
        combined.facts = problems.flatMap(\.facts)
        return combined
    }
}
