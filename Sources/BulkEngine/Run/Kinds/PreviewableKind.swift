import ConnectClient

/// A kind of job that can say what it would do without doing it: `plan/<folder>/` runs it.
///
/// `preparePreview` makes the same look-ups as `prepare` (and any read a preview needs, once per
/// part); `preview` answers for one row what `carryOut` would do, making only reads:
/// `.planned` with the row's plan, or `.failed` with the reason the real run would give.
protocol PreviewableKind: JobKind {
    associatedtype PreviewStep: Sendable

    func preparePreview(_ sheet: AgentSheet, from start: Int, in job: ReadingContext) async throws -> [Result<PreviewStep, RowProblem>]

    func preview(_ step: PreviewStep, row: AgentRow, in job: ReadingContext) async -> RowOutcome
}
