import ConnectClient

/// `delete/`: each row's `user login` is deleted with DeleteUser, then the quick connects of
/// type USER that point at it with DeleteQuickConnect (AWS's DeleteUser documentation asks for
/// that: a dangling quick connect still counts against the quota and is still offered to
/// agents as a transfer). Every other cell is ignored, so an export, a template file or a
/// failure file works as a delete list.
///
/// Reads, in the fewest calls: SearchUsers at 500 logins a call (ListUsers for a login the
/// search index has not caught up with), then one SearchQuickConnects listing for the whole
/// file, only when a user is to be deleted (it reports each quick connect's `UserConfig`;
/// ListQuickConnects does not, and would need a DescribeQuickConnect per quick connect).
///
/// Safe to carry out again: before the first DeleteUser the plan records in the ledger the
/// logins it found with their user ids. A resumed part (a killed invocation, a lost lease) that
/// finds a recorded login gone counts it deleted, and still deletes its quick connects; a
/// DeleteUser that answers ResourceNotFound for a user the plan found counts as deleted too.
/// Rows are deleted by the user id the job first found, not by login: a user created again
/// with a deleted login before the job resumed is a new user the file did not mean, and stays.
/// A re-delivered event of a finished job finds its input renamed and does nothing (`JobClaim`).
///
/// The guard: a file naming more than `maxDeletes` users is refused whole before any call
/// (the accident a manager fears most is dropping the whole export into `delete/`).
struct DeleteKind: JobKind {
    /// The most users one file may delete (`MAX_DELETES_PER_FILE`).
    let maxDeletes: Int

    /// The logins the plan found, with their user ids, saved before the first DeleteUser, so
    /// that a resumed part counts a recorded login that is gone now as deleted.
    typealias SavedState = [String: String]

    struct Step: Sendable {
        let login: String
        let userID: String
        /// The USER quick connects that point at the user.
        let quickConnects: [ConnectQuickConnect]
        /// The plan of an earlier invocation of this job found the user, and it is gone now:
        /// this job deleted it before it was stopped.
        let deletedBefore: Bool
    }

    func prepare(_ sheet: AgentSheet, from start: Int, in job: ReadingContext) async throws -> [Result<Step, RowProblem>] {
        let checked = Self.check(sheet.rows)
        let logins = checked.compactMap { try? $0.get() }
        // Checked once, before anything is deleted: a job resumed after its plan was recorded
        // passed it already (a limit lowered meanwhile does not stop it half-way).
        if job.startsAfresh(from: start), logins.count > maxDeletes {
            throw JobRefused(description: Self.refusal(logins.count, limit: maxDeletes))
        }

        let wanted = checked.dropFirst(start).compactMap { try? $0.get() }
        let found = try await job.currentUsers(wanted).mapValues(\.id)
        let recorded = try job.savedState(SavedState.self) ?? [:]
        var targets: [String: (id: String, before: Bool)] = [:]
        var createdAgain = 0
        for login in wanted {
            if let id = recorded[login], found[login] != id {
                // This job found the user before and deleted it; a user with the same login
                // now is a new one, created since, which the file did not mean: it stays.
                if found[login] != nil { createdAgain += 1 }
                targets[login] = (id, true)
            } else if let id = found[login] {
                targets[login] = (id, false)
            }
        }
        if createdAgain > 0 {
            job.logger.warn("created again since this job deleted them; the new users are left", ["users": .int(createdAgain)])
        }
        var quickConnects: [String: [ConnectQuickConnect]] = [:]
        if !targets.isEmpty {
            for quick in try await job.connect.searchQuickConnects(job.instanceID) where quick.type == .user {
                guard let userID = quick.userID else { continue }
                quickConnects[userID, default: []].append(quick)
            }
            // Saved before the first DeleteUser: a resume must know what this job found.
            try await job.checkpoint(recorded.merging(found) { recorded, _ in recorded })
        }
        if targets.values.contains(where: \.before) {
            job.logger.info("deleted before a resume", ["users": .int(targets.values.filter(\.before).count)])
        }
        return checked.map { result in
            result.flatMap { login in
                guard let target = targets[login] else { return .failure(Self.notFound(login)) }
                return .success(Step(login: login, userID: target.id, quickConnects: quickConnects[target.id] ?? [],
                                     deletedBefore: target.before))
            }
        }
    }

    func carryOut(_ step: Step, row: AgentRow, in job: WritingContext) async -> RowOutcome {
        if !step.deletedBefore {
            do {
                try await job.connect.deleteUser(job.instanceID, userID: step.userID)
            } catch where error.connectCode == .resourceNotFound {
                // Found by the plan, gone now: deleted by an earlier attempt of this call.
                job.logger.info("already deleted", ["line": .int(row.line)])
            } catch let unreadable as ConnectClientError where unreadable.isUnreadableAnswer {
                guard await isGone(step.userID, in: job.reading) else {
                    job.logger.warn("row failed", ["line": .int(row.line), "code": .string(FailureReason.code(of: unreadable))])
                    return .failed("\(FailureReason.unreadableAnswer(unreadable)), and the user is still there; drop this file back to try again")
                }
            } catch {
                job.logger.warn("row failed", ["line": .int(row.line), "code": .string(FailureReason.code(of: error))])
                return .failed(FailureReason.reason(for: error, userLogin: step.login))
            }
        }
        var left: [String] = []
        for quick in step.quickConnects {
            do {
                try await job.connect.deleteQuickConnect(job.instanceID, quickConnectID: quick.id)
            } catch where error.connectCode == .resourceNotFound {
                continue
            } catch {
                job.logger.warn("quick connect not deleted", ["line": .int(row.line), "code": .string(FailureReason.code(of: error))])
                left.append(SheetText.quoted(quick.name))
            }
        }
        guard left.isEmpty else {
            return .failed("user login \(SheetText.quoted(step.login)) was deleted, but its quick connect\(left.count == 1 ? "" : "s") \(left.joined(separator: ", ")) could not be deleted: delete \(left.count == 1 ? "it" : "them") in the Amazon Connect console (Routing, Quick connects); dropping this row again reports the login as not found")
        }
        job.logger.info("deleted", ["line": .int(row.line), "quickConnects": .int(step.quickConnects.count)])
        return .deleted
    }

    /// Whether DescribeUser says the user no longer exists (after an unreadable answer).
    func isGone(_ userID: String, in job: ReadingContext) async -> Bool {
        do {
            _ = try await job.connect.describeUser(job.instanceID, userID: userID)
            return false
        } catch {
            return error.connectCode == .resourceNotFound
        }
    }

    /// Each row's login, or why it names no user to delete: empty, too long or not a login, or
    /// named by an earlier row (which deletes it; the later one is reported, not sent again).
    static func check(_ rows: [AgentRow]) -> [Result<String, RowProblem>] {
        var firstLine: [String: Int] = [:]
        return rows.map { row in
            let login = row.userLogin
            guard !login.isEmpty else {
                return .failure(RowProblem(column: .userLogin, kind: row.has(.userLogin) ? .empty : .columnMissing,
                                           message: "user login is empty: it names the user to delete"))
            }
            if let problem = RowChecker.loginProblems(login, duplicateLines: []).first { return .failure(problem) }
            if let line = firstLine[login] {
                return .failure(RowProblem(column: .userLogin, kind: .duplicate,
                    message: "user login \(SheetText.quoted(login)) appears more than once in the file (first on line \(line), which deletes it): keep one row per user"))
            }
            firstLine[login] = row.line
            return .success(login)
        }
    }

    static func notFound(_ login: String) -> RowProblem {
        RowProblem(column: .userLogin, kind: .notFound,
            message: "user login \(SheetText.quoted(login)) not found in the instance: nothing was deleted (check the spelling; a user deleted earlier is already gone)")
    }

    static func refusal(_ count: Int, limit: Int) -> String {
        "This file names \(SheetText.grouped(count)) users to delete, more than the \(SheetText.grouped(limit)) one file may delete (MAX_DELETES_PER_FILE): nothing was deleted, and the file was kept unchanged under failed/. To proceed, split it into files of at most \(SheetText.grouped(limit)) rows and drop each into delete/, or raise the template's MaxDeletesPerFile parameter."
    }
}
