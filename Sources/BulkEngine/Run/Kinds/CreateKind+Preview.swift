import ConnectClient

/// `plan/create/`: the create's look-ups, and the logins that exist already (SearchUsers, 500
/// a call: the one read a create does not make before it sends), so the plan says which rows
/// would fail as "already exists" and which would be recognised as created before.
extension CreateKind: PreviewableKind {
    struct PreviewStep: Sendable {
        let step: Step
        /// The user with the row's login, when there is one.
        let existing: ConnectUser?
    }

    func preparePreview(_ sheet: AgentSheet, from start: Int, in job: ReadingContext) async throws -> [Result<PreviewStep, RowProblem>] {
        let steps = try await prepare(sheet, from: start, in: job)
        let logins = steps.dropFirst(start).compactMap { try? $0.get().user.username }
        var existing = try await job.currentUsers(logins)
        // Compared as the real run compares them, in seconds (one read finds the unit).
        if !existing.isEmpty { existing = await job.readingAfterContactWork(existing) }
        return steps.map { $0.map { PreviewStep(step: $0, existing: existing[$0.user.username]) } }
    }

    func preview(_ step: PreviewStep, row: AgentRow, in job: ReadingContext) async -> RowOutcome {
        let user = step.step.user
        let calls: [ConnectOperation] = [.createUser] + (step.step.proficiencies.isEmpty ? [] : [.associateUserProficiencies])
        guard let existing = step.existing else { return .planned(RowPlan(.create, calls: calls)) }
        guard Self.matches(existing, user) else {
            return .failed("user login \(SheetText.quoted(user.username)) already exists in the instance (to change it, drop the row into update/)")
        }
        // An earlier run created it as this row asks: the real run sends the create, meets
        // "already exists", finds the user as planned and counts the row as created.
        return .planned(RowPlan(.create, changes: ["already exists as this row asks (created before); counted as created"],
                                calls: [.createUser, .searchUsers] + (step.step.proficiencies.isEmpty ? [] : [.listUserProficiencies])))
    }
}
