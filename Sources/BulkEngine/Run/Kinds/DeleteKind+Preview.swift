import ConnectClient

/// `plan/delete/`: the delete's reads (the users, one quick connect listing), and per row the
/// DeleteUser and DeleteQuickConnect calls it would make. A file above the guard is planned
/// all the same, with a note that `delete/` would refuse it whole.
extension DeleteKind: PreviewableKind {
    func preparePreview(_ sheet: AgentSheet, from start: Int, in job: ReadingContext) async throws -> [Result<Step, RowProblem>] {
        do {
            return try await prepare(sheet, from: start, in: job)
        } catch let refused as JobRefused {
            let note = "in delete/ this file would be refused whole: \(refused.description)"
            job.note(note)
            return try await DeleteKind(maxDeletes: .max).prepare(sheet, from: start, in: job)
        }
    }

    func preview(_ step: Step, row: AgentRow, in job: ReadingContext) async -> RowOutcome {
        let quickConnects = Array(repeating: ConnectOperation.deleteQuickConnect, count: step.quickConnects.count)
        let names = step.quickConnects.map { SheetText.quoted($0.name) }.joined(separator: ", ")
        let also = step.quickConnects.isEmpty ? [] : ["and its quick connect\(step.quickConnects.count == 1 ? "" : "s") \(names)"]
        guard !step.deletedBefore else {
            return .planned(RowPlan(.delete, changes: ["already gone"] + also, calls: quickConnects))
        }
        return .planned(RowPlan(.delete, changes: also, calls: [.deleteUser] + quickConnects))
    }
}
