import AWSCore
import ConnectClient

/// `create/`: one CreateUser per valid row, after the look-ups.
///
/// A create is safe to send again: one that meets "already exists" (the answer to an earlier
/// attempt was lost, or the row is worked on again after a restart) asks whether the user is
/// exactly as planned, and if so the row counts as created. An answer that is lost or cannot
/// be read (a 2xx that is not the model's JSON) is treated the same way: the user is looked for.
struct CreateKind: JobKind {
    func plan(_ sheet: AgentSheet, from start: Int, in job: JobContext) async throws -> [Result<ConnectNewUser, RowProblem>] {
        let reference = try await job.loadReference(for: sheet)
        return CreatePlanner.plan(sheet, reference: reference).map(\.outcome)
    }

    func carryOut(_ user: ConnectNewUser, row: AgentRow, in job: JobContext) async -> RowOutcome {
        do {
            _ = try await job.connect.createUser(job.instanceID, user)
            job.logger.info("created", ["line": .int(row.line)])
            return .created
        } catch {
            let found = await lookAfterCreate(user, after: error, in: job)
            if found == .asPlanned {
                job.logger.info("created", ["line": .int(row.line), "confirmedAfter": .string(FailureReason.code(of: error))])
                return .created
            }
            job.logger.warn("row failed", ["line": .int(row.line), "code": .string(FailureReason.code(of: error))])
            return .failed(Self.reason(error, found, userLogin: user.username))
        }
    }

    /// What looking for the user after a failed create found.
    enum AfterCreate: Equatable {
        /// The error says the create did nothing: not looked for.
        case notAsked
        case asPlanned
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
    /// not caught up with it, ListUsers and DescribeUser.
    func lookAfterCreate(_ planned: ConnectNewUser, after error: any Error, in job: JobContext) async -> AfterCreate {
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
        let found: ConnectUser?
        do {
            found = duplicate || unreadable
                ? try await job.currentUsers([planned.username])[planned.username]
                : try await job.connect.searchUsers(job.instanceID, usernames: [planned.username]).first { $0.username == planned.username }
        } catch {
            job.logger.warn("user not looked for", ["code": .string(FailureReason.code(of: error))])
            return .unknown
        }
        guard let existing = found else { return .absent }
        return Self.matches(existing, planned) ? .asPlanned : .different
    }

    /// The reason of a create that failed, once the user was looked for.
    static func reason(_ error: any Error, _ found: AfterCreate, userLogin: String) -> String {
        guard let unreadable = error as? ConnectClientError, unreadable.isUnreadableAnswer else {
            return FailureReason.reason(for: error, userLogin: userLogin)
        }
        let answer = FailureReason.unreadableAnswer(unreadable)
        switch found {
        case .different:
            return "\(answer); user login \(SheetText.quoted(userLogin)) exists now, but not as this row asks (to change it, drop the row into update/)"
        case .unknown:
            return "\(answer), and whether the user exists could not be checked; drop this file back to try again (a user created meanwhile is recognised, not created twice)"
        case .absent, .notAsked, .asPlanned:
            return "\(answer); the user was not found afterwards; drop this file back to try again"
        }
    }

    /// The settings SearchUsers reports, compared with what CreateUser asked for.
    static func matches(_ user: ConnectUser, _ planned: ConnectNewUser) -> Bool {
        user.routingProfileID == planned.routingProfileID
            && Set(user.securityProfileIDs) == Set(planned.securityProfileIDs)
            && user.phoneConfig == planned.phoneConfig
            && user.hierarchyGroupID == planned.hierarchyGroupID
            && user.identityInfo.firstName == planned.identityInfo?.firstName
            && user.identityInfo.lastName == planned.identityInfo?.lastName
    }
}
