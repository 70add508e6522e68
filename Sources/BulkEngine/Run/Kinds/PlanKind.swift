import ConnectClient

/// What the real run would do with one row, as a plan job found it: the action, the changes
/// in a manager's words, and the Connect calls the row would cost (reads made for the row
/// included, in order).
public struct RowPlan: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable, CaseIterable {
        case create, update, unchanged, delete
    }

    public var action: Action
    /// `routing profile 'A' -> 'B'`, `tags +team=blue -site`: one piece per setting.
    public var changes: [String]
    /// The operations the row would call, one entry a call.
    public var calls: [String]
    /// How many of `calls` are reads the plan made itself for the row (the summary counts
    /// the plan's other calls as look-ups).
    public var readsMade: Int

    public init(_ action: Action, changes: [String] = [], calls: [String], readsMade: Int = 0) {
        self.action = action
        self.changes = changes
        self.calls = calls
        self.readsMade = readsMade
    }

    /// The plan column's cell: `update: routing profile 'A' -> 'B'; tags +team=blue -site`.
    public var text: String {
        changes.isEmpty ? action.rawValue : "\(action.rawValue): \(changes.joined(separator: "; "))"
    }
}

/// A kind of job that can say what it would do without doing it: `plan/<folder>/` runs it.
///
/// `planPreview` makes the same look-ups as `plan` (and any read a preview needs, once per
/// part); `preview` answers for one row what `carryOut` would do, making only reads:
/// `.planned` with the row's plan, or `.failed` with the reason the real run would give.
protocol PreviewableKind: JobKind {
    associatedtype PreviewStep: Sendable

    func planPreview(_ sheet: AgentSheet, from start: Int, in job: ReadingContext) async throws -> [Result<PreviewStep, RowProblem>]

    func preview(_ step: PreviewStep, row: AgentRow, in job: ReadingContext) async -> RowOutcome
}

/// `plan/create/`, `plan/update/`, `plan/delete/`: the real kind's look-ups and a preview of
/// every row; no mutating call. The kind is given the reads of the Connect API only
/// (`Connect == any ConnectReading`), so a plan that calls a change does not compile.
///
/// Each row settles as `.planned` (or `.failed` with the real run's reason); the outputs are a
/// plan file (`results/<name>-<dateTime>.plan.csv`: the input's columns and a `plan` column)
/// and a summary whose `plan` says what the real run would do, the calls it would make and
/// the time they take at the configured pace.
struct PlanKind<Real: PreviewableKind>: JobKind {
    let real: Real

    init(_ real: Real) { self.real = real }

    static func narrow(_ connect: any ConnectAPI) -> any ConnectReading { connect }

    func plan(_ sheet: AgentSheet, from start: Int, in job: ReadingContext) async throws -> [Result<Real.PreviewStep, RowProblem>] {
        try await real.planPreview(sheet, from: start, in: job)
    }

    func carryOut(_ step: Real.PreviewStep, row: AgentRow, in job: ReadingContext) async -> RowOutcome {
        await real.preview(step, row: row, in: job)
    }
}
