import ConnectClient

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

    func prepare(_ sheet: AgentSheet, from start: Int, in job: ReadingContext) async throws -> [Result<Real.PreviewStep, RowProblem>] {
        try await real.preparePreview(sheet, from: start, in: job)
    }

    func carryOut(_ step: Real.PreviewStep, row: AgentRow, in job: ReadingContext) async -> RowOutcome {
        await real.preview(step, row: row, in: job)
    }
}
