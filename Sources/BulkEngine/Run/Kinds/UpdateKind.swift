import ConnectClient

/// `update/`: change existing users, matched by `user login`, with the fewest calls.
///
/// Calls: the look-ups (as for create), then SearchUsers for every valid row's login at 500 a
/// page (it reports tags and every channel's settings), ListUserProficiencies for a row that
/// sets proficiencies, then only what differs: one call per API whose settings change
/// (phone and per-channel settings through UpdateUserConfig, never UpdateUserPhoneConfig). DescribeUser is called
/// only for a row that sets an email or changes a name (SearchUsers reports neither the email
/// nor the secondary email and mobile an identity update must send back). A login missing
/// from the search is looked for once more with ListUsers (not an index, so never behind)
/// before it is reported as not found.
struct UpdateKind: JobKind {
    struct Step: Sendable {
        let changes: UserChanges
        /// The user as the search found it; nil when it does not exist.
        let current: ConnectUser?
        let management: IdentityManagement
    }

    func prepare(_ sheet: AgentSheet, from start: Int, in job: ReadingContext) async throws -> [Result<Step, RowProblem>] {
        try await plannedSteps(sheet, from: start, in: job).steps
    }

    /// The look-ups and every row's step, with the names they were checked against.
    func plannedSteps(_ sheet: AgentSheet, from start: Int, in job: ReadingContext) async throws
        -> (steps: [Result<Step, RowProblem>], reference: InstanceReference) {
        let reference = try await job.loadReference(for: sheet)
        let management = reference.identityManagementType
        let planned = UpdateRows.check(sheet, reference: reference).map(\.outcome)
        let rows = planned.dropFirst(start).compactMap { try? $0.get() }
        var current = try await job.currentUsers(rows.map(\.username))
        // The unit of SearchUsers' per-channel ACW costs a read: only when a row sets an ACW.
        if rows.contains(where: UserDiff.setsAfterContactWork) { current = await job.readingAfterContactWork(current) }
        let steps = planned.map { outcome in
            outcome.map { Step(changes: $0, current: current[$0.username], management: management) }
        }
        return (steps, reference)
    }

    /// What a row comes to before anything is changed: an outcome already (not found, a read
    /// that failed, a row impossible for this user), or the user as read, its proficiencies
    /// when the row sets them, the calls that change it (none: unchanged) and the reads made
    /// for it. A plan and a real run go through this same comparison.
    enum Pending {
        case ended(RowOutcome)
        case changes(ConnectUser, proficiencies: [ConnectUserProficiency]?, [UserUpdate], reads: [ConnectOperation])
    }

    func pending(_ step: Step, row: AgentRow, in job: ReadingContext) async -> Pending {
        let changes = step.changes
        if changes.passwordIgnored { job.countIgnoredPassword() }
        guard var user = step.current else {
            job.logger.info("row failed", ["line": .int(row.line), "problem": "user login: not found"])
            return .ended(.failed("""
                user login \(SheetText.quoted(changes.username)) not found in the instance (to add the user, drop the row into create/)
                """))
        }
        var proficiencies: [ConnectUserProficiency]?
        var reads: [ConnectOperation] = []
        do {
            // The user was just found: a "not found" now is the service catching up.
            let window = job.consistency, connect = job.connect, instanceID = job.instanceID, userID = user.id
            if UserDiff.needsDescription(user, changes) {
                reads.append(.describeUser)
                user = try await window.retrying(.describeUser, invalidRequestToo: false, logger: job.logger) {
                    try await connect.describeUser(instanceID, userID: userID)
                }
            }
            if changes.proficiencies != nil {
                reads.append(.listUserProficiencies)
                proficiencies = try await window.retrying(.listUserProficiencies, invalidRequestToo: false, logger: job.logger) {
                    try await connect.listUserProficiencies(instanceID, userID: userID)
                }
            }
        } catch {
            job.logger.warn("row failed", ["line": .int(row.line), "code": .string(FailureReason.code(of: error))])
            return .ended(.failed(FailureReason.reason(for: error, userLogin: changes.username)))
        }
        switch UserDiff.updates(from: user, to: changes, proficiencies: proficiencies, identity: step.management) {
        case .failure(let problem):
            job.logger.info("row invalid", ["line": .int(row.line), "problem": .string(problem.logDescription)])
            return .ended(.failed(problem.message))
        case .success(let updates):
            return .changes(user, proficiencies: proficiencies, updates, reads: reads)
        }
    }

    /// One row: the user's current state, then one call per setting that differs.
    func carryOut(_ step: Step, row: AgentRow, in job: WritingContext) async -> RowOutcome {
        let changes = step.changes
        let user: ConnectUser
        let updates: [UserUpdate]
        switch await pending(step, row: row, in: job.reading) {
        case .ended(let outcome):
            return outcome
        case .changes(let read, _, let wanted, _):
            (user, updates) = (read, wanted)
        }
        if updates.isEmpty {
            job.logger.info("unchanged", ["line": .int(row.line)])
            return .unchanged
        }
        var applied: [String] = []
        var failed: [String] = []
        for update in updates {
            do {
                try await job.consistency.retrying(update.setting.description, invalidRequestToo: false, logger: job.logger) {
                    try await apply(update, to: user, in: job)
                }
                applied.append(update.setting.description)
            } catch let unreadable as ConnectClientError where unreadable.isUnreadableAnswer {
                // A 2xx that cannot be read: the change may be made. Read the user back.
                job.logger.warn("setting answer unreadable", ["line": .int(row.line), "setting": .string(update.setting.description),
                                                              "code": .string(FailureReason.code(of: unreadable))])
                let answer = FailureReason.unreadableAnswer(unreadable)
                switch await readBack(update, user.id, changes, management: step.management, in: job.reading) {
                case .some(true):
                    applied.append(update.setting.description)
                case .some(false):
                    failed.append("\(update.setting): \(answer); read back afterwards, it is not as the row asks; drop this file back to try again")
                case nil:
                    failed.append("\(update.setting): \(answer), and the user could not be read back to check; drop this file back to try again")
                }
            } catch {
                failed.append("\(update.setting): \(FailureReason.reason(for: error, userLogin: changes.username))")
                job.logger.warn("setting failed", ["line": .int(row.line), "setting": .string(update.setting.description),
                                                   "code": .string(FailureReason.code(of: error))])
            }
        }
        guard failed.isEmpty else {
            let done = applied.isEmpty ? "" : " (changed: \(applied.joined(separator: ", ")); dropping the row again is safe)"
            return .failed("not changed: " + failed.joined(separator: "; ") + done)
        }
        job.logger.info("updated", ["line": .int(row.line), "settings": .string(applied.joined(separator: ", "))])
        return .updated
    }

    /// Whether `update`'s setting is now as the row asks: the user read again (DescribeUser,
    /// never behind, and ListUserProficiencies for a proficiency call) and compared again; nil
    /// when it could not be read.
    func readBack(_ update: UserUpdate, _ userID: String, _ changes: UserChanges, management: IdentityManagement,
                  in job: ReadingContext) async -> Bool? {
        let now: ConnectUser
        var proficiencies: [ConnectUserProficiency]?
        do {
            now = try await job.connect.describeUser(job.instanceID, userID: userID)
            if update.setting == .proficiencies {
                proficiencies = try await job.connect.listUserProficiencies(job.instanceID, userID: userID)
            }
        } catch {
            job.logger.warn("user not read back", ["code": .string(FailureReason.code(of: error))])
            return nil
        }
        let again = UserDiff.updates(from: now, to: changes, proficiencies: proficiencies, identity: management)
        guard case .success(let left) = again else { return false }
        return !left.contains { $0.setting == update.setting }
    }

    func apply(_ update: UserUpdate, to user: ConnectUser, in job: WritingContext) async throws {
        let connect = job.connect, instanceID = job.instanceID, userID = user.id
        switch update {
        case .identity(let identity):
            try await connect.updateUserIdentityInfo(instanceID, userID: userID, identity)
        case .channels(let channels):
            try await connect.updateUserConfig(instanceID, userID: userID, channels)
        case .tag(let tags):
            try await connect.tagResource(arn: user.arn, tags: tags)
        case .untag(let keys):
            try await connect.untagResource(arn: user.arn, keys: keys)
        case .disassociateProficiencies(let proficiencies):
            try await connect.disassociateUserProficiencies(instanceID, userID: userID, proficiencies)
        case .associateProficiencies(let proficiencies):
            try await connect.associateUserProficiencies(instanceID, userID: userID, proficiencies)
        case .updateProficiencies(let proficiencies):
            try await connect.updateUserProficiencies(instanceID, userID: userID, proficiencies)
        case .routingProfile(let id):
            try await connect.updateUserRoutingProfile(instanceID, userID: userID, routingProfileID: id)
        case .securityProfiles(let ids):
            try await connect.updateUserSecurityProfiles(instanceID, userID: userID, securityProfileIDs: ids)
        case .hierarchy(let groupID):
            try await connect.updateUserHierarchy(instanceID, userID: userID, hierarchyGroupID: groupID)
        }
    }
}
