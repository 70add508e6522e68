import ConnectClient

/// `plan/update/`: the same reads as an update, and per row the calls it would make with the
/// changes in a manager's words, from the same comparison (`UserDiff`) the update sends.
extension UpdateKind: PreviewableKind {
    struct PreviewStep: Sendable {
        let step: Step
        /// Names for the ids a change shows.
        let reference: InstanceReference
    }

    func preparePreview(_ sheet: AgentSheet, from start: Int, in job: ReadingContext) async throws -> [Result<PreviewStep, RowProblem>] {
        let (steps, reference) = try await plannedSteps(sheet, from: start, in: job)
        return steps.map { $0.map { PreviewStep(step: $0, reference: reference) } }
    }

    func preview(_ step: PreviewStep, row: AgentRow, in job: ReadingContext) async -> RowOutcome {
        switch await pending(step.step, row: row, in: job) {
        case .ended(let outcome):
            return outcome
        case .changes(let user, let proficiencies, let updates, let reads):
            guard !updates.isEmpty else { return .planned(RowPlan(.unchanged, calls: reads, readsMade: reads.count)) }
            let text = UpdateText(user: user, proficiencies: proficiencies ?? [], reference: step.reference)
            return .planned(RowPlan(.update, changes: text.describe(updates), calls: reads + updates.flatMap(\.operations),
                                     readsMade: reads.count))
        }
    }
}

extension UserUpdate {
    /// The operations this update sends, one entry a call (tags go 50 a call).
    var operations: [ConnectOperation] {
        func batched(_ operation: ConnectOperation, _ count: Int) -> [ConnectOperation] {
            Array(repeating: operation, count: max(1, (count + ConnectHTTPClient.PageSize.tagsPerCall - 1) / ConnectHTTPClient.PageSize.tagsPerCall))
        }
        switch self {
        case .identity: return [.updateUserIdentityInfo]
        case .channels: return [.updateUserConfig]
        case .routingProfile: return [.updateUserRoutingProfile]
        case .securityProfiles: return [.updateUserSecurityProfiles]
        case .hierarchy: return [.updateUserHierarchy]
        case .tag(let tags): return batched(.tagResource, tags.count)
        case .untag(let keys): return batched(.untagResource, keys.count)
        case .disassociateProficiencies: return [.disassociateUserProficiencies]
        case .associateProficiencies: return [.associateUserProficiencies]
        case .updateProficiencies: return [.updateUserProficiencies]
        }
    }
}
