import AWSCore
import ConnectClient
import JSONLog

/// Update: change existing users, matched by `user login`, with the fewest calls.
///
/// Calls: the look-ups (as for create), then SearchUsers for every valid row's login at 500 a
/// page, then only what differs: one call per setting that changes. DescribeUser is called
/// only for a row that sets an email or changes a name (SearchUsers reports neither the email
/// nor the secondary email and mobile an identity update must send back). A login missing
/// from the search is looked for once more with ListUsers (not an index, so never behind)
/// before it is reported as not found.
extension BulkJob {
    func update(_ sheet: AgentSheet, run: inout RowRun, logger: Logger) async throws {
        let reference = try await loadReference(for: sheet)
        let management = IdentityManagement(reference.identityManagementType)
        let planned = UpdatePlanner.plan(sheet, reference: reference)
        let wanted = planned.dropFirst(run.start).compactMap { try? $0.outcome.get().username }
        let current = try await currentUsers(wanted, logger: logger)

        for (index, entry) in planned.enumerated() {
            let row = entry.row
            guard let changes = run.take(index, row, entry.outcome, logger: logger) else { continue }
            if changes.passwordIgnored { run.keeper.update { $0.passwordsIgnored += 1 } }
            let outcome = await update(row, changes, current: current[changes.username], management: management, logger: logger)
            run.settle(index, row, outcome)
        }
    }

    /// One row: the user's current state, then one call per setting that differs.
    func update(_ row: AgentRow, _ changes: UserChanges, current: ConnectUser?, management: IdentityManagement,
                logger: Logger) async -> RowOutcome {
        guard var user = current else {
            let reason = "user login '\(changes.username)' not found in the instance (to add the user, drop the row into create/)"
            logger.info("row failed", ["line": .int(row.line), "reason": .string(reason)])
            return .failed(reason)
        }
        do {
            if UserDiff.needsDescription(user, changes) {
                user = try await RowContext.$line.withValue(row.line) {
                    try await connect.describeUser(instanceID, userID: user.id)
                }
            }
        } catch {
            let reason = Self.reason(for: error, userLogin: changes.username)
            logger.warn("row failed", ["line": .int(row.line), "code": .string(Self.code(of: error)), "reason": .string(reason)])
            return .failed(reason)
        }
        let updates: [UserUpdate]
        switch UserDiff.updates(from: user, to: changes, identity: management) {
        case .failure(let problem):
            logger.info("row invalid", ["line": .int(row.line), "reason": .string(problem.description)])
            return .failed(problem.description)
        case .success(let value):
            updates = value
        }
        if updates.isEmpty {
            logger.info("unchanged", ["line": .int(row.line), "userLogin": .string(changes.username)])
            return .unchanged
        }
        var applied: [String] = []
        var failed: [String] = []
        for update in updates {
            do {
                try await RowContext.$line.withValue(row.line) {
                    try await apply(update, to: user.id)
                }
                applied.append(update.setting)
            } catch let unreadable as ConnectClientError where unreadable.isUnreadableAnswer {
                // A 2xx that cannot be read: the change may be made. Read the user back.
                logger.warn("setting answer unreadable", ["line": .int(row.line), "userLogin": .string(changes.username),
                                                          "setting": .string(update.setting), "code": .string(Self.code(of: unreadable))])
                switch await readBack(update, user.id, changes, management: management, line: row.line, logger: logger) {
                case .some(true):
                    applied.append(update.setting)
                case .some(false):
                    failed.append("\(update.setting): \(Self.unreadableAnswer(unreadable)); read back afterwards, it is not as the row asks; drop this file back to try again")
                case nil:
                    failed.append("\(update.setting): \(Self.unreadableAnswer(unreadable)), and the user could not be read back to check; drop this file back to try again")
                }
            } catch {
                failed.append("\(update.setting): \(Self.reason(for: error, userLogin: changes.username))")
                logger.warn("setting failed", ["line": .int(row.line), "userLogin": .string(changes.username),
                                               "setting": .string(update.setting), "code": .string(Self.code(of: error))])
            }
        }
        guard failed.isEmpty else {
            let done = applied.isEmpty ? "" : " (changed: \(applied.joined(separator: ", ")); dropping the row again is safe)"
            return .failed("not changed: " + failed.joined(separator: "; ") + done)
        }
        logger.info("updated", ["line": .int(row.line), "userLogin": .string(changes.username),
                                "settings": .string(applied.joined(separator: ", "))])
        return .updated
    }

    /// Whether `update`'s setting is now as the row asks: the user read again (DescribeUser,
    /// never behind) and compared again; nil when it could not be read.
    func readBack(_ update: UserUpdate, _ userID: String, _ changes: UserChanges, management: IdentityManagement,
                  line: Int, logger: Logger) async -> Bool? {
        let now: ConnectUser
        do {
            now = try await RowContext.$line.withValue(line) { try await connect.describeUser(instanceID, userID: userID) }
        } catch {
            logger.warn("user not read back", ["line": .int(line), "userLogin": .string(changes.username), "code": .string(Self.code(of: error))])
            return nil
        }
        guard case .success(let left) = UserDiff.updates(from: now, to: changes, identity: management) else { return false }
        return !left.contains { $0.setting == update.setting }
    }

    /// The current state of the users with these logins: SearchUsers at 500 logins a call;
    /// logins it does not return are confirmed with ListUsers and read with DescribeUser, as
    /// the search index can lag recent writes.
    func currentUsers(_ usernames: [String], logger: Logger) async throws -> [String: ConnectUser] {
        guard !usernames.isEmpty else { return [:] }
        var found: [String: ConnectUser] = [:]
        for user in try await connect.searchUsers(instanceID, usernames: usernames) { found[user.username] = user }
        let missing = usernames.filter { found[$0] == nil }
        guard !missing.isEmpty else { return found }
        let listed = Dictionary(try await connect.listUsers(instanceID).map { ($0.username, $0.id) }) { first, _ in first }
        for username in missing {
            guard let id = listed[username] else { continue }
            logger.info("not yet in the search index", ["userLogin": .string(username)])
            do {
                found[username] = try await connect.describeUser(instanceID, userID: id)
            } catch let error as AWSError where error.code == "ResourceNotFoundException" {
                continue
            }
        }
        return found
    }

    func apply(_ update: UserUpdate, to userID: String) async throws {
        switch update {
        case .identity(let identity):
            try await connect.updateUserIdentityInfo(instanceID, userID: userID, identity)
        case .phone(let phone):
            try await connect.updateUserPhoneConfig(instanceID, userID: userID, phone)
        case .routingProfile(let id):
            try await connect.updateUserRoutingProfile(instanceID, userID: userID, routingProfileID: id)
        case .securityProfiles(let ids):
            try await connect.updateUserSecurityProfiles(instanceID, userID: userID, securityProfileIDs: ids)
        case .hierarchy(let groupID):
            try await connect.updateUserHierarchy(instanceID, userID: userID, hierarchyGroupID: groupID)
        }
    }
}
