import AWSCore
import ConnectClient

/// `create/`: one CreateUser per valid row, after the look-ups.
///
/// A create is safe to send again: one that meets "already exists" (the answer to an earlier
/// attempt was lost, or the row is worked on again after a restart) asks whether the user is
/// exactly as planned, and if so the row counts as created.
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
            if await existsAsPlanned(user, after: error, in: job) {
                job.logger.info("created", ["line": .int(row.line), "confirmedAfter": .string(FailureReason.code(of: error))])
                return .created
            }
            job.logger.warn("row failed", ["line": .int(row.line), "code": .string(FailureReason.code(of: error))])
            return .failed(FailureReason.reason(for: error, userLogin: user.username))
        }
    }

    /// Whether a create that reported failure left the user as planned anyway: the answer to
    /// an attempt that did create it can be lost (a reset after the work was done, a process
    /// stopped), and the next attempt then meets "already exists". Asked only on that path (a
    /// duplicate, or a transient failure that outlived its retries): SearchUsers, and, when the
    /// search index has not caught up with a user that does exist, ListUsers and DescribeUser.
    func existsAsPlanned(_ planned: ConnectNewUser, after error: any Error, in job: JobContext) async -> Bool {
        let duplicate = error.connectCode == .duplicateResource
        let worthAsking: Bool
        switch error {
        case let error as AWSError:
            worthAsking = duplicate || RetryPolicy().classify(error) != .final
        case is TransportError:
            worthAsking = true
        default:
            worthAsking = false
        }
        guard worthAsking else { return false }
        let found = try? await duplicate
            ? job.currentUsers([planned.username])[planned.username]
            : job.connect.searchUsers(job.instanceID, usernames: [planned.username]).first { $0.username == planned.username }
        guard let existing = found else { return false }
        return Self.matches(existing, planned)
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
