import AWSCore
import ConnectClient
import JSONLog
import S3Client
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `export/` (and the schedule): every user of the instance, as a file of the template, in
/// `exports/agents-<dateTime>.csv`. A sibling of `OwnedJob`, on the same run layer: the same
/// claim (`JobClaim`), lease and ledger (`LedgerKeeper`), continuations in the trigger's folder
/// for an instance too large for one invocation, and the same outputs (`JobOutputs`:
/// the trigger renamed to `.bak`, progress objects deleted, the summary in `results/`, each
/// once). It is not a `JobKind` because its rows are not a file's: part 1 lists the users,
/// and the "rows" are users.
///
/// Calls: the look-ups (DescribeInstance, ListSecurityProfiles, ListRoutingProfiles,
/// SearchUserHierarchyGroups, SearchPredefinedAttributes) in each part; SearchUsers without
/// criteria at 500 users a page, once (part 1); then for each user DescribeUser (the email,
/// secondary email and mobile, which SearchUsers does not report) and, only when the instance
/// has predefined attributes, ListUserProficiencies. No mutating call.
///
/// The ledger's `next` counts the users (of the roster) whose rows are in written chunks; it
/// is not reset between parts as a file's is, since every part works through the one roster.
struct ExportJob {
    let services: JobServices
    let keeper: LedgerKeeper
    let bucket: String
    /// The key the event named (the trigger, a continuation, or a scheduled job's name).
    let key: String
    let invocation: InvocationBudget
    let logger: JSONLogger

    /// Users per chunk object: a restart re-reads at most this many (a minute at 600 ms a call).
    static let chunkSize = 100

    var store: any ObjectStore { services.store }
    /// An export reads only: it is given the reads of the Connect API.
    var connect: any ConnectReading { services.connect }

    /// An `export/` object's event: claimed as any input, then run as an export.
    static func handle(_ record: S3Event.Record, services: JobServices, invocation: InvocationBudget, logger: JSONLogger) async throws -> RunReport {
        // The trigger's content is ignored: only its version is read.
        let claim = JobClaim(services: services, record: record, invocation: invocation, logger: logger, readsInput: false)
        guard let job = try await claim.jobID() else { return claim.missing() }
        switch try await claim.claim(job) {
        case .done(let report):
            return report
        case .owned(let keeper, _):
            return try await ExportJob(services: services, keeper: keeper, bucket: record.bucket, key: record.key,
                                       invocation: invocation, logger: logger).run()
        }
    }

    func run() async throws -> RunReport {
        do {
            return try await runPart()
        } catch let lost as LedgerKeeper.LeaseLost {
            return .duplicate(bucket: bucket, input: key, lost.description, logger: logger)
        }
    }

    enum PartEnd {
        case continued, done
    }

    private func runPart() async throws -> RunReport {
        if keeper.ledger.phase == .outputs { return try await writeOutputs() }
        await services.quotas.prepare(keeper, logger: logger)
        let tally = CallTally(metrics: services.metrics, ledger: keeper.ledger)
        let metrics = services.metrics
        let end = try await keeper.withHeartbeat {
            defer { keeper.update { tally.record(metrics, into: &$0) } }
            do {
                return try await work()
            } catch let failed as ConnectReadFailed {
                // Amazon Connect could not be read (past the retries): the export ends here, with
                // the reason in its summary. Any other error (the bucket) fails the invocation,
                // and its retry resumes from the ledger.
                let error = failed.error
                let reason = FailureReason.reason(for: error, userLogin: nil)
                logger.error("export failed", ["code": .string(FailureReason.code(of: error)), "reason": .string(reason)])
                keeper.update { ledger in
                    var progress = ledger.export ?? ExportProgress()
                    progress.failure = reason
                    ledger.export = progress
                }
                return PartEnd.done
            }
        }
        if keeper.isLost { throw LedgerKeeper.LeaseLost() }
        return end == .continued ? try await handOff() : try await enterOutputs()
    }

    /// This part's users, chunk by chunk, until the roster is done or the time runs short.
    private func work() async throws -> PartEnd {
        let instanceID = services.instanceID
        let reference = try await ConnectReadFailed.wrap { try await exportReference() }
        let users = try await roster()
        var writer = ExportRowWriter(reference: reference)
        let start = keeper.ledger.next
        var index = start
        var lines = keeper.ledger.export?.lines ?? 1
        var chunk = Chunk(first: start)
        while index < users.count {
            if index > start && (keeper.isLost || !invocation.hasTime) { break }
            var user = users[index]
            index += 1
            var identityRead = true
            var proficiencies: [ConnectUserProficiency]? = []
            do {
                // DescribeUser reports every setting, the per-channel ACW in seconds: the row is
                // its user; the listed one serves only to find the unit of SearchUsers' ACW.
                let described = try await connect.describeUser(instanceID, userID: user.id)
                if keeper.afterContactWorkUnit == nil,
                   let (unit, evidence) = AfterContactWorkFinding.compare(searched: user, described: described) {
                    keeper.note(.found(unit, evidence: evidence))
                }
                user = described
                if writer.hasAttributes { proficiencies = try await connect.listUserProficiencies(instanceID, userID: user.id) }
            } catch where error.connectCode == .resourceNotFound {
                chunk.omitted["deleted while the export ran", default: []].append(user.id)
                continue
            } catch {
                // Read what could be: the cells left empty change nothing in update/.
                logger.warn("user not read whole", ["code": .string(FailureReason.code(of: error))])
                proficiencies = nil
                if !user.emailIsKnown { identityRead = false }
                user = keeper.readingAfterContactWork(user)
            }
            guard let row = writer.row(user, identityRead: identityRead, proficiencies: proficiencies, line: lines + 1) else {
                chunk.omitted[Self.loginNotWritten, default: []].append(user.id)
                continue
            }
            lines += 1
            chunk.rows.append(row.fields)
            for (column, why) in row.blanked { chunk.blanked["\(column.label): \(why.rawValue)", default: []].append(lines) }
            if chunk.rows.count + chunk.omittedCount >= Self.chunkSize {
                try await flush(chunk, next: index, lines: lines)
                chunk = Chunk(first: index)
            }
        }
        try await flush(chunk, next: index, lines: lines)
        return index < users.count ? .continued : .done
    }

    static let loginNotWritten = """
        its user login cannot be a cell that update/ reads back as it is (it begins with a formula character = + - @, which a spreadsheet would run, \
        holds a control character, or is longer than 100 characters)
        """

    /// The users of a chunk, until written.
    struct Chunk {
        let first: Int
        var rows: [[String]] = []
        var blanked: [String: [Int]] = [:]
        var omitted: [String: [String]] = [:]
        var omittedCount: Int { omitted.values.reduce(0) { $0 + $1.count } }
    }

    /// Writes the chunk's rows, then names it in the ledger with its counts and notes and moves
    /// `next` past its users (in one update: a chunk is all counted or not at all).
    private func flush(_ chunk: Chunk, next: Int, lines: Int) async throws {
        guard next > chunk.first else { return }
        // A lost lease writes nothing more: the new owner writes this chunk itself.
        if keeper.isLost { throw LedgerKeeper.LeaseLost() }
        var key: String?
        if !chunk.rows.isEmpty {
            var body: [UInt8] = []
            for row in chunk.rows { CSVWriter.append(row, to: &body) }
            // Named by the job and the users it covers: an earlier attempt's copy of the same
            // users is replaced, and a chunk of other users (an invocation that lost its lease
            // and cut elsewhere) can never stand in for one the ledger names.
            let name = "progress/\(keeper.ledger.job).rows-\(chunk.first)-\(next).csv"
            _ = try await store.putObject(bucket: bucket, key: name, body: body, contentType: "text/csv", condition: .none)
            key = name
        }
        keeper.update { ledger in
            var progress = ledger.export ?? ExportProgress()
            if let key {
                progress.chunks.append(key)
                if !ledger.continuations.contains(key) { ledger.continuations.append(key) }
            }
            progress.lines = lines
            for (why, lines) in chunk.blanked { progress.blanked[why, default: []] += lines }
            for (why, ids) in chunk.omitted { progress.omitted[why, default: []] += ids }
            ledger.export = progress
            ledger.counts.exported += chunk.rows.count
            ledger.counts.failed += chunk.omittedCount
            ledger.next = next
        }
    }

    /// The users to export: listed once (part 1) with SearchUsers and kept as a progress
    /// object that every part reads.
    private func roster() async throws -> [ConnectUser] {
        if let key = keeper.ledger.export?.roster {
            let stored = try await store.object(bucket: bucket, key: key)
            do {
                return try JSONDecoder().decode([ConnectUser].self, from: Data(stored.body))
            } catch {
                throw JobOutputs.OutputError(message: """
                    the progress object \(key) is not the list of users this export wrote; drop an object into export/ again
                    """)
            }
        }
        let users = try await ConnectReadFailed.wrap { try await connect.searchUsers(services.instanceID) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = Array(try encoder.encode(users))
        // Named by its content: the same list written again (a retry) is the same object, and
        // another list (an invocation that lost its lease, listing later) is another object.
        let key = "progress/\(keeper.ledger.job).users-\(Crypto.hex(Crypto.sha256(body)).prefix(16)).json"
        _ = try await store.putObject(bucket: bucket, key: key, body: body, contentType: "application/json", condition: .none)
        keeper.update { ledger in
            ledger.export = ExportProgress(roster: key, users: users.count)
            ledger.rows = users.count
            ledger.next = 0
            if !ledger.continuations.contains(key) { ledger.continuations.append(key) }
        }
        logger.info("users listed", ["users": .int(users.count)])
        return users
    }

    /// Every name the rows show: the profiles, the whole hierarchy, the predefined attributes
    /// (whose presence decides whether proficiencies are read at all).
    private func exportReference() async throws -> InstanceReference {
        let instanceID = services.instanceID
        let instance = try await connect.describeInstance(instanceID)
        let securityProfiles = try await connect.listSecurityProfiles(instanceID)
        let routingProfiles = try await connect.listRoutingProfiles(instanceID)
        let groups = try await connect.searchUserHierarchyGroups(instanceID)
        var attributes: [String: [String]] = [:]
        for attribute in try await connect.searchPredefinedAttributes(instanceID) { attributes[attribute.name] = attribute.values }
        return InstanceReference(identityManagementType: instance.identityManagementType, securityProfiles: securityProfiles,
                                 routingProfiles: routingProfiles, hierarchyGroups: groups, predefinedAttributes: attributes)
    }

    /// Hands the job to a continuation object in the trigger's folder (content ignored), which
    /// S3 starts a fresh invocation for.
    private func handOff() async throws -> RunReport {
        let ledger = keeper.ledger
        let part = ledger.part + 1
        let continuation = JobLedger.continuationKey(input: ledger.input, part: part, job: ledger.job)
        let body = Array("part \(part) of export job \(ledger.job); the function deletes this object when the export is written\n".utf8)
        try await store.putObject(bucket: bucket, key: continuation, body: body, contentType: "text/plain", condition: .none)
        keeper.update { ledger in
            if !ledger.continuations.contains(continuation) { ledger.continuations.append(continuation) }
            ledger.partKey = continuation
            ledger.part = part
            ledger.owner = nil
        }
        try await keeper.save()
        var report = JobOutputs.report(of: keeper.ledger, bucket: bucket, status: .continued)
        report.input = ledger.partKey
        report.continuation = continuation
        let left = ledger.rows - ledger.next
        report.message = "\(left) users left for \(continuation), which a new invocation takes on"
        logger.info("continued", ["input": .string(ledger.input), "part": .int(ledger.part), "continuation": .string(continuation),
                                  "usersLeft": .int(left)])
        return report
    }

    /// Every user has a row (or the export failed): freezes the report, then writes.
    private func enterOutputs() async throws -> RunReport {
        let finished = services.time.nowMs
        let bucket = self.bucket
        keeper.update { ledger in
            var report = JobOutputs.report(of: ledger, bucket: bucket, status: .completed)
            var notes = ledger.notes
            if let failure = ledger.export?.failure {
                notes.insert("the export could not be made: \(failure); no export was written: drop an object into export/ to try again", at: 0)
            }
            notes += ledger.export?.notes ?? []
            report.message = notes.isEmpty ? nil : notes.joined(separator: "; ")
            report.durationMs = Int(finished - ledger.startedAtMs)
            ledger.report = report
            ledger.phase = .outputs
        }
        try await keeper.save()
        return try await writeOutputs()
    }

    /// The export (header, then the chunks in order), once; then the outputs every job has.
    private func writeOutputs() async throws -> RunReport {
        let ledger = keeper.ledger
        let outputs = JobOutputs(services: services, keeper: keeper, bucket: bucket, logger: logger)
        if var report = ledger.report, report.export == nil, let progress = ledger.export, progress.failure == nil {
            var body = CSVWriter.write(header: ExportRowWriter.header, rows: [])
            for chunk in progress.chunks { body += try await store.getObject(bucket: bucket, key: chunk) }
            let names = OutputNames(inputKey: ledger.input, at: Date(timeIntervalSince1970: Double(ledger.startedAtMs) / 1000))
            report.export = try await outputs.writeOnce(name: names.export, body: body, contentType: "text/csv")
            keeper.update { $0.report = report }
            try await keeper.save()
            logger.info("export written", ["export": .string(report.export ?? ""), "users": .int(report.exported)])
        }
        return try await outputs.writeOutputs()
    }
}
