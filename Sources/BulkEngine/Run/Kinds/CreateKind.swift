import AWSCore
import ConnectClient

/// `create/`: one CreateUser per valid row, after the look-ups, carrying everything it accepts
/// (per-channel lists and tags included); then AssociateUserProficiencies, for a row with
/// proficiencies only.
///
/// A create is safe to send again: one that meets "already exists" (the answer to an earlier
/// attempt was lost, or the row is worked on again after a restart) asks whether the user is
/// exactly as planned, and if so the row counts as created. An answer that is lost or cannot
/// be read (a 2xx that is not the model's JSON) is treated the same way: the user is looked for.
struct CreateKind: JobKind {
    struct Step: Sendable {
        let user: ConnectNewUser
        /// Associated after the create; empty for a row without proficiencies.
        let proficiencies: [ConnectUserProficiency]
    }

    func prepare(_ sheet: AgentSheet, from start: Int, in job: ReadingContext) async throws -> [Result<Step, RowProblem>] {
        let reference = try await job.loadReference(for: sheet)
        let plan = CreateRows.check(sheet, reference: reference)
        return plan.map { planned in
            planned.outcome.map { Step(user: $0, proficiencies: planned.settings.proficiencies.map(\.connect)) }
        }
    }

    func carryOut(_ step: Step, row: AgentRow, in job: WritingContext) async -> RowOutcome {
        let user = step.user
        let userID: String
        var recognised = false
        do {
            userID = try await job.connect.createUser(job.instanceID, user).userID
            job.logger.info("created", ["line": .int(row.line)])
        } catch {
            let found = await lookAfterCreate(user, after: error, in: job.reading)
            guard case .asPlanned(let id) = found else {
                job.logger.warn("row failed", ["line": .int(row.line), "code": .string(FailureReason.code(of: error))])
                return .failed(Self.reason(error, found, userLogin: user.username))
            }
            job.logger.info("created", ["line": .int(row.line), "confirmedAfter": .string(FailureReason.code(of: error))])
            userID = id
            recognised = true
        }
        guard !step.proficiencies.isEmpty else { return .created }
        do {
            try await addProficiencies(step.proficiencies, to: userID, alreadyCreated: recognised, in: job)
            return .created
        } catch {
            job.logger.warn("row failed", ["line": .int(row.line), "setting": "proficiencies", "code": .string(FailureReason.code(of: error))])
            return .failed("""
                created, but its proficiencies were not set: \(FailureReason.reason(for: error, userLogin: user.username)) (drop the row into \
                update/ to set them)
                """)
        }
    }

    /// AssociateUserProficiencies for a new user; for a user recognised after a re-sent create
    /// (an earlier attempt may have associated some), only those it lacks, and
    /// UpdateUserProficiencies for a level that differs.
    /// Each call is on a user created a moment ago, so one that meets "not found" (or "invalid
    /// request") is tried again inside the job's consistency window.
    func addProficiencies(_ wanted: [ConnectUserProficiency], to userID: String, alreadyCreated: Bool, in job: WritingContext) async throws {
        let connect = job.connect, instanceID = job.instanceID, window = job.consistency, logger = job.logger
        guard alreadyCreated else {
            try await window.retrying(.associateUserProficiencies, logger: logger) {
                try await connect.associateUserProficiencies(instanceID, userID: userID, wanted)
            }
            return
        }
        let current = try await window.retrying(.listUserProficiencies, logger: logger) {
            try await connect.listUserProficiencies(instanceID, userID: userID)
        }
        let levels = Dictionary(current.map { (ProficiencyKey($0), $0.level) }) { first, _ in first }
        let missing = wanted.filter { levels[ProficiencyKey($0)] == nil }
        let differing = wanted.filter { proficiency in levels[ProficiencyKey(proficiency)].map { $0 != proficiency.level } ?? false }
        if !missing.isEmpty {
            try await window.retrying(.associateUserProficiencies, logger: logger) {
                try await connect.associateUserProficiencies(instanceID, userID: userID, missing)
            }
        }
        if !differing.isEmpty {
            try await window.retrying(.updateUserProficiencies, logger: logger) {
                try await connect.updateUserProficiencies(instanceID, userID: userID, differing)
            }
        }
    }

    /// What looking for the user after a failed create found.
    enum AfterCreate: Equatable {
        /// The error says the create did nothing: not looked for.
        case notAsked
        /// The user exists as planned (its id).
        case asPlanned(String)
        /// The login exists with other settings.
        case different
        case absent
        /// The look itself failed.
        case unknown
    }

    /// Whether a create that reported failure left the user as planned anyway: the answer to
    /// an attempt that did create it can be lost (a reset after the work was done, a process
    /// stopped; the next attempt then meets "already exists") or unreadable (a 2xx that is not
    /// the model's JSON: the user most likely exists). Asked only on those paths (a duplicate,
    /// a transient failure that outlived its retries, an unreadable answer): SearchUsers, and,
    /// where the user is expected (a duplicate, an unreadable answer) but the search index has
    /// not caught up with it, ListUsers and DescribeUser, again and again inside the job's
    /// consistency window (a user created moments ago is listed by neither yet).
    func lookAfterCreate(_ planned: ConnectNewUser, after error: any Error, in job: ReadingContext) async -> AfterCreate {
        let duplicate = error.connectCode == .duplicateResource
        let unreadable = (error as? ConnectClientError)?.isUnreadableAnswer == true
        let worthAsking: Bool
        switch error {
        case let error as AWSError:
            worthAsking = duplicate || RetryPolicy().classify(error) != .final
        case is TransportError:
            worthAsking = true
        default:
            worthAsking = unreadable
        }
        guard worthAsking else { return .notAsked }
        var found: ConnectUser?
        do {
            if duplicate || unreadable {
                // The user exists (or most likely does): looked for until the listings show it.
                found = try await job.consistency.waiting(for: "a user just created", logger: job.logger) {
                    try await job.currentUsers([planned.username])[planned.username]
                }
            } else {
                let searched = try await job.connect.searchUsers(job.instanceID, usernames: [planned.username])
                found = searched.first { $0.username == planned.username }
            }
            // Compared in seconds only: a user whose ACW is in an unknown unit is read again
            // (all 0 is 0 in either).
            if let user = found, let zero = user.readingZeroAfterContactWork { found = zero }
            if let user = found, !user.afterContactWorkIsKnown, !planned.channels.isEmpty {
                found = try await job.consistency.retrying(.describeUser, logger: job.logger) {
                    try await job.connect.describeUser(job.instanceID, userID: user.id)
                }
            }
        } catch {
            job.logger.warn("user not looked for", ["code": .string(FailureReason.code(of: error))])
            return .unknown
        }
        guard let existing = found else { return .absent }
        return Self.matches(existing, planned) ? .asPlanned(existing.id) : .different
    }

    /// The reason of a create that failed, once the user was looked for.
    static func reason(_ error: any Error, _ found: AfterCreate, userLogin: String) -> String {
        guard let unreadable = error as? ConnectClientError, unreadable.isUnreadableAnswer else {
            return FailureReason.reason(for: error, userLogin: userLogin)
        }
        let answer = FailureReason.unreadableAnswer(unreadable)
        switch found {
        case .different:
            return """
                \(answer); user login \(SheetText.quoted(userLogin)) exists now, but not as this row asks (to change it, drop the row into update/)
                """
        case .unknown:
            return """
                \(answer), and whether the user exists could not be checked; drop this file back to try again (a user created meanwhile is \
                recognised, not created twice)
                """
        case .absent, .notAsked, .asPlanned:
            return "\(answer); the user was not found afterwards; drop this file back to try again"
        }
    }

    /// The settings SearchUsers reports, compared with what CreateUser asked for: with
    /// per-channel lists, every member sent equals the user's (PhoneConfig was not sent);
    /// without, the phone configuration; and the tags.
    static func matches(_ user: ConnectUser, _ planned: ConnectNewUser) -> Bool {
        user.routingProfileID == planned.routingProfileID
            && Set(user.securityProfileIDs) == Set(planned.securityProfileIDs)
            && (planned.channels.isEmpty ? user.phoneConfig == planned.phoneConfig : channelsMatch(user.channels, planned.channels))
            && user.tags == planned.tags
            && user.hierarchyGroupID == planned.hierarchyGroupID
            && user.identityInfo.firstName == planned.identityInfo?.firstName
            && user.identityInfo.lastName == planned.identityInfo?.lastName
    }

    /// Every member set in `planned` is the same in `current`.
    static func channelsMatch(_ current: ConnectChannelConfigs, _ planned: ConnectChannelConfigs) -> Bool {
        planned.allSatisfy { channel, wanted in
            let have = current[channel] ?? ConnectChannelConfig()
            func same<T: Equatable>(_ path: KeyPath<ConnectChannelConfig, T?>) -> Bool {
                wanted[keyPath: path] == nil || wanted[keyPath: path] == have[keyPath: path]
            }
            return same(\.autoAccept) && same(\.agentFirstCallbackAutoAccept) && same(\.afterContactWorkSeconds)
                && same(\.agentFirstCallbackAfterContactWorkSeconds) && same(\.phoneType) && same(\.phoneNumber)
                && same(\.persistentConnection) && same(\.voiceEnhancement)
        }
    }
}
