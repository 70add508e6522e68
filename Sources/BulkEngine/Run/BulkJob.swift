import AWSCore
import ConnectClient
import JSONLog
import S3Client
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One invocation's work: every record of an S3 event, each input file to its end.
///
/// For a `create/*.csv`: read it, check every row before any call (an invalid row costs no
/// API budget), look up the instance's names once, create each valid user, then write the
/// rows that did not succeed to `failed/`, rename the input to `.bak` (only after the
/// failure file is safely written) and write a summary. Every output is written with
/// `If-None-Match: *`, so nothing is ever overwritten.
public struct BulkJob: Sendable {
    let connect: any ConnectAPI
    let store: any ObjectStore
    let instanceID: String
    let metrics: RunMetrics
    let now: @Sendable () -> Date

    public init(connect: any ConnectAPI, store: any ObjectStore, instanceID: String, metrics: RunMetrics,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.connect = connect
        self.store = store
        self.instanceID = instanceID
        self.metrics = metrics
        self.now = now
    }

    /// Handles every record of the event; one report per record, in order.
    public func handle(event: S3Event, logger: Logger) async throws -> [RunReport] {
        var reports: [RunReport] = []
        for record in event.records {
            reports.append(try await handle(bucket: record.bucket, key: record.key, logger: logger))
        }
        return reports
    }

    public func handle(bucket: String, key: String, logger: Logger) async throws -> RunReport {
        switch InputRoute(key: key) {
        case .ignore(let reason):
            logger.info("ignored", ["bucket": .string(bucket), "key": .string(key), "reason": .string(reason)])
            return RunReport(bucket: bucket, input: key, status: .ignored, message: reason)
        case .update:
            return try await process(bucket: bucket, key: key, logger: logger) { sheet, report, tally in
                try await update(sheet, report: &report, tally: &tally, logger: logger)
            }
        case .create:
            return try await process(bucket: bucket, key: key, logger: logger) { sheet, report, tally in
                try await create(sheet, report: &report, tally: &tally, logger: logger)
            }
        }
    }

    /// The rows that have an outcome: the failures (with their reasons, for the failure file)
    /// and the lines that succeeded.
    struct Tally {
        var failures: [(record: CSVRecord, reason: String)] = []
        var succeeded: Set<Int> = []

        mutating func fail(_ row: AgentRow, _ reason: String) { failures.append((row.record, reason)) }
        mutating func succeed(_ row: AgentRow) { succeeded.insert(row.line) }
        var settled: Set<Int> { succeeded.union(failures.map(\.record.line)) }
    }

    /// What every input goes through: read it (a file gone is reported, a file that is not the
    /// template is kept whole under `failed/`), let `work` take the rows, then write the
    /// failure file, rename the input to `.bak` (only after the failure file is written) and
    /// write the summary.
    func process(bucket: String, key: String, logger: Logger,
                 work: (AgentSheet, inout RunReport, inout Tally) async throws -> Void) async throws -> RunReport {
        let started = now()
        let before = metrics.snapshot
        let names = OutputNames(inputKey: key, at: started)
        var report = RunReport(bucket: bucket, input: key, status: .completed)
        func finish(_ report: inout RunReport) async throws {
            let spent = metrics.snapshot - before
            report.apiCalls = spent.requests
            report.retries = spent.retries
            report.throttled = spent.throttled
            report.durationMs = Int((now().timeIntervalSince(started) * 1000).rounded())
            report.summary = try await writeUnique(bucket: bucket, name: names.summary, body: Self.json(report),
                                                   contentType: "application/json")
            logger.info("summary", [
                "input": .string(key), "status": .string(report.status.rawValue), "rows": .int(report.rows),
                "created": .int(report.created), "updated": .int(report.updated), "unchanged": .int(report.unchanged),
                "failed": .int(report.failed), "apiCalls": .int(report.apiCalls),
                "retries": .int(report.retries), "throttled": .int(report.throttled), "durationMs": .int(report.durationMs),
            ])
        }

        let bytes: [UInt8]
        do {
            bytes = try await store.getObject(bucket: bucket, key: key)
        } catch where error.isNoSuchKey {
            report.status = .missing
            report.message = "the input no longer exists: it was processed already or deleted"
            logger.info(report.message!, ["key": .string(key)])
            return report
        }

        let sheet: AgentSheet
        do {
            sheet = try AgentSheet(CSVReader.read(bytes))
        } catch {
            report.status = .rejected
            report.message = "\(error) The file was kept unchanged under failed/: fix it and drop it into \(names.folder) again."
            report.failureFile = try await moveUnique(bucket: bucket, from: key, name: names.rejectedInput)
            logger.error("input rejected", ["key": .string(key), "reason": .string("\(error)")])
            try await finish(&report)
            return report
        }
        if sheet.table.decodedAsWindows1252 {
            report.message = "the file is not UTF-8; it was read as Windows-1252 (as Excel saves it)"
        }
        report.rows = sheet.rows.count

        var tally = Tally()
        do {
            try await work(sheet, &report, &tally)
        } catch {
            // The instance or its users could not be read: rows without an outcome go to the
            // failure file with the reason, to be dropped back once fixed.
            let reason = Self.reason(for: error, userLogin: nil)
            logger.error("look-ups failed", ["code": .string(Self.code(of: error)), "reason": .string(reason)])
            let settled = tally.settled
            for row in sheet.rows where !settled.contains(row.line) { tally.fail(row, reason) }
        }
        var failures = tally.failures
        report.failed = failures.count

        if !failures.isEmpty {
            failures.sort { $0.record.line < $1.record.line }
            report.failureFile = try await writeUnique(bucket: bucket, name: names.failureFile,
                                                       body: sheet.failureFile(rows: failures), contentType: "text/csv")
        }
        report.processedInput = try await moveUnique(bucket: bucket, from: key, name: names.processedInput)
        try await finish(&report)
        return report
    }

    // MARK: - Create

    func create(_ sheet: AgentSheet, report: inout RunReport, tally: inout Tally, logger: Logger) async throws {
        let reference = try await loadReference(for: sheet)
        for planned in CreatePlanner.plan(sheet, reference: reference) {
            switch planned.outcome {
            case .failure(let problem):
                tally.fail(planned.row, problem.description)
                logger.info("row invalid", ["line": .int(planned.row.line), "reason": .string(problem.description)])
            case .success(let user):
                do {
                    _ = try await RowContext.$line.withValue(planned.row.line) {
                        try await connect.createUser(instanceID, user)
                    }
                    report.created += 1
                    tally.succeed(planned.row)
                    logger.info("created", ["line": .int(planned.row.line), "userLogin": .string(user.username)])
                } catch {
                    if await existsAsPlanned(user, after: error, line: planned.row.line) {
                        report.created += 1
                        tally.succeed(planned.row)
                        logger.info("created", ["line": .int(planned.row.line), "userLogin": .string(user.username),
                                                "confirmedAfter": .string(Self.code(of: error))])
                        continue
                    }
                    let reason = Self.reason(for: error, userLogin: user.username)
                    tally.fail(planned.row, reason)
                    logger.warn("row failed", ["line": .int(planned.row.line), "code": .string(Self.code(of: error)), "reason": .string(reason)])
                }
            }
        }
    }

    /// The instance's identity type and names, in the fewest calls: hierarchy groups only when
    /// a row names one.
    func loadReference(for sheet: AgentSheet) async throws -> InstanceReference {
        let instance = try await connect.describeInstance(instanceID)
        let securityProfiles = try await connect.listSecurityProfiles(instanceID)
        let routingProfiles = try await connect.listRoutingProfiles(instanceID)
        let needsHierarchy = sheet.rows.contains { row in
            guard let cell = row.cell(.hierarchy) else { return false }
            return cell.lowercased() != "(none)"
        }
        let groups = needsHierarchy ? try await connect.searchUserHierarchyGroups(instanceID) : []
        return InstanceReference(identityManagementType: instance.identityManagementType, securityProfiles: securityProfiles,
                                 routingProfiles: routingProfiles, hierarchyGroups: groups)
    }

    /// Whether a create that reported failure left the user as planned anyway: the answer to
    /// an attempt that did create it can be lost (a reset after the work was done), and the
    /// retry then meets "already exists". Asked only on that path (a duplicate, or a transient
    /// failure that outlived its retries), with one SearchUsers call.
    func existsAsPlanned(_ planned: ConnectNewUser, after error: any Error, line: Int) async -> Bool {
        let worthAsking: Bool
        switch error {
        case let error as AWSError:
            worthAsking = error.code == "DuplicateResourceException" || RetryPolicy().classify(error) != .final
        case is TransportError:
            worthAsking = true
        default:
            worthAsking = false
        }
        guard worthAsking else { return false }
        let found = try? await RowContext.$line.withValue(line) {
            try await connect.searchUsers(instanceID, usernames: [planned.username])
        }
        guard let existing = found?.first(where: { $0.username == planned.username }) else { return false }
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

    // MARK: - Outputs

    /// Writes `body` under the first free name (`name(1)`, `name(2)`...); returns the key.
    func writeUnique(bucket: String, name: (Int) -> String, body: [UInt8], contentType: String) async throws -> String {
        for attempt in 1...50 {
            do {
                try await store.putObject(bucket: bucket, key: name(attempt), body: body, contentType: contentType, ifNoneMatch: true)
                return name(attempt)
            } catch where error.isPreconditionFailed {
                continue
            }
        }
        throw OutputError(message: "no free name for \(name(1)) after 50 tries")
    }

    /// Copies the input to the first free name, then deletes the input; returns the new key.
    func moveUnique(bucket: String, from key: String, name: (Int) -> String) async throws -> String {
        for attempt in 1...50 {
            do {
                try await store.copyObject(bucket: bucket, sourceKey: key, key: name(attempt), ifNoneMatch: true)
                try await store.deleteObject(bucket: bucket, key: key)
                return name(attempt)
            } catch where error.isPreconditionFailed {
                continue
            }
        }
        throw OutputError(message: "no free name for \(name(1)) after 50 tries")
    }

    struct OutputError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    static func json(_ report: RunReport) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Array((try? encoder.encode(report)) ?? Data())
    }

    // MARK: - Reasons a manager understands

    /// AWS's error code, or the transport failure's kind, for logs.
    public static func code(of error: any Error) -> String {
        switch error {
        case let error as AWSError: error.code
        case let error as TransportError: "transport.\(error.kind.rawValue)"
        default: String(describing: type(of: error))
        }
    }

    static func reason(for error: any Error, userLogin: String?) -> String {
        switch error {
        case let error as AWSError:
            switch error.code {
            case "DuplicateResourceException":
                return "user login '\(userLogin ?? "")' already exists in the instance (to change it, drop the row into update/)"
            case "LimitExceededException", "ServiceQuotaExceededException":
                return "the instance has reached its quota of users; ask AWS Support to raise 'Users per instance', then drop this file back"
            case "ThrottlingException", "TooManyRequestsException":
                return "Amazon Connect kept throttling after the configured retries; drop this file back later"
            case "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException":
                return "Amazon Connect refused the function's credentials (\(error.code)): check the function's role and CONNECT_INSTANCE_ARN"
            case "ResourceNotFoundException":
                return "Amazon Connect did not find something this row needs: \(error.message)"
            default:
                if error.statusCode >= 500 {
                    return "Amazon Connect failed (\(error.code)) after the configured retries; drop this file back to try again"
                }
                return "Amazon Connect refused the row (\(error.code)): \(error.message)"
            }
        case let error as TransportError:
            return "could not reach Amazon Connect (\(error.kind.rawValue): \(error.message)) after the configured retries; drop this file back to try again"
        default:
            return "unexpected error: \(error)"
        }
    }
}
