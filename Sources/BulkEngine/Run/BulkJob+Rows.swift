import JSONLog
import S3Client
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension BulkJob {
    /// Works on a job whose lease this invocation holds: the current part's rows from where
    /// the ledger says, then either the outputs or a continuation for the rows left.
    func work(_ keeper: LedgerKeeper, route: InputRoute, bucket: String, invocation: InvocationBudget,
              logger: Logger, input: StoredObject?) async throws -> RunReport {
        let ledger = keeper.ledger
        if ledger.phase == .outputs { return try await writeOutputs(keeper, bucket: bucket, logger: logger) }

        let bytes: [UInt8]
        if let input, ledger.partKey == ledger.input {
            bytes = input.body
        } else {
            let left = ledger.part == 1 ? max(0, ledger.rows - ledger.next) : (ledger.partPositions?.count ?? 0) - ledger.next
            do {
                let stored = try await store.object(bucket: bucket, key: ledger.partKey)
                // Resuming the original file: one uploaded again under its name is not this
                // job's (its own event processes it).
                guard ledger.part > 1 || stored.eTag == ledger.inputETag else {
                    keeper.update { $0.notes.append("\(ledger.partKey) was uploaded again while it was being processed: \(left) of the first upload's rows were not processed (the new upload is processed on its own)") }
                    return try await enterOutputs(keeper, bucket: bucket, logger: logger)
                }
                bytes = stored.body
            } catch where error.isNoSuchKey {
                keeper.update { $0.notes.append("\(ledger.partKey) was deleted while it was being processed: \(left) of its rows were not processed") }
                return try await enterOutputs(keeper, bucket: bucket, logger: logger)
            }
        }

        let sheet: AgentSheet
        do {
            sheet = try AgentSheet(CSVReader.read(bytes))
        } catch {
            let folder = OutputNames(inputKey: ledger.input, at: Date()).folder
            logger.error("input rejected", ["key": .string(ledger.partKey), "reason": .string("\(error)")])
            return try await reject(keeper, bucket: bucket, logger: logger,
                                    message: "\(error) The file was kept unchanged under failed/: fix it and drop it into \(folder) again.")
        }
        if ledger.part == 1 && ledger.next == 0 {
            keeper.update { ledger in
                ledger.rows = sheet.rows.count
                ledger.header = sheet.table.header
                if sheet.table.decodedAsWindows1252, !ledger.notes.contains(Self.windows1252Note) { ledger.notes.append(Self.windows1252Note) }
            }
        }

        var run = RowRun(keeper: keeper, invocation: invocation, metrics: metrics)
        keeper.startHeartbeat()
        do {
            switch route {
            case .create: try await create(sheet, run: &run, logger: logger)
            case .update: try await update(sheet, run: &run, logger: logger)
            case .ignore: break
            }
        } catch {
            // The instance or its users could not be read: rows without an outcome go to the
            // failure file with the reason, to be dropped back once fixed.
            let reason = Self.reason(for: error, userLogin: nil)
            logger.error("look-ups failed", ["code": .string(Self.code(of: error)), "reason": .string(reason)])
            run.failTheRest(of: sheet, reason)
        }
        run.recordMetrics()
        await keeper.stopHeartbeat()
        if keeper.isLost { throw LedgerKeeper.LeaseLost() }
        if !run.deferred.isEmpty {
            return try await handOff(keeper, run: run, sheet: sheet, bucket: bucket, logger: logger)
        }
        run.settleSetAside(of: sheet)
        return try await enterOutputs(keeper, bucket: bucket, logger: logger)
    }

    static let windows1252Note = "the file is not UTF-8; it was read as Windows-1252 (as Excel saves it)"

    /// Writes the rows set aside as the next part, then hands the job to it: its invocation
    /// takes the lease this one releases.
    func handOff(_ keeper: LedgerKeeper, run: RowRun, sheet: AgentSheet, bucket: String, logger: Logger) async throws -> RunReport {
        let ledger = keeper.ledger
        let part = ledger.part + 1
        let key = JobLedger.continuationKey(input: ledger.input, part: part, job: ledger.job)
        let body = CSVWriter.write(header: sheet.table.header, rows: run.deferred.map { sheet.rows[$0].record.fields })
        // Written before the ledger names it, so a ledger never points at a part that is not
        // there; an earlier attempt's copy is replaced (it is ours, named by the job).
        try await store.putObject(bucket: bucket, key: key, body: body, contentType: "text/csv", condition: .none)
        run.settleSetAside(of: sheet)
        keeper.update { ledger in
            if !ledger.continuations.contains(key) { ledger.continuations.append(key) }
            ledger.partPositions = run.deferred.map(run.position)
            ledger.partKey = key
            ledger.part = part
            ledger.next = 0
            ledger.owner = nil
        }
        try await keeper.save()
        var report = Self.report(of: keeper.ledger, bucket: bucket, status: .continued)
        report.input = ledger.partKey
        report.continuation = key
        report.message = "\(run.deferred.count) rows left for \(key), which a new invocation takes on"
        logger.info("continued", ["input": .string(ledger.input), "part": .int(ledger.part), "continuation": .string(key),
                                  "rowsLeft": .int(run.deferred.count)])
        return report
    }

    /// The job's counts so far as a report.
    static func report(of ledger: JobLedger, bucket: String, status: RunReport.Status) -> RunReport {
        var report = RunReport(bucket: bucket, input: ledger.input, status: status)
        report.rows = ledger.rows
        report.created = ledger.created
        report.updated = ledger.updated
        report.unchanged = ledger.unchanged
        report.failed = ledger.failed
        report.apiCalls = ledger.apiCalls
        report.retries = ledger.retries
        report.throttled = ledger.throttled
        report.parts = ledger.part
        return report
    }
}

/// One invocation's pass over a part's rows: which to skip (settled before), which to work on,
/// and which to set aside for the next part once time runs short.
struct RowRun {
    let keeper: LedgerKeeper
    let invocation: InvocationBudget
    let metrics: RunMetrics
    /// The first row not settled by an earlier invocation.
    let start: Int
    let positions: [Int]?
    let before: RunMetrics.Snapshot
    let counted: (apiCalls: Int, retries: Int, throttled: Int)
    var worked = 0
    var cutting = false
    /// Rows set aside: invalid ones with their reason (they need no call), valid ones for the
    /// next part.
    var setAside: [(index: Int, reason: String)] = []
    var deferred: [Int] = []

    init(keeper: LedgerKeeper, invocation: InvocationBudget, metrics: RunMetrics) {
        let ledger = keeper.ledger
        self.keeper = keeper
        self.invocation = invocation
        self.metrics = metrics
        start = ledger.next
        positions = ledger.partPositions
        before = metrics.snapshot
        counted = (ledger.apiCalls, ledger.retries, ledger.throttled)
    }

    /// The row's position in the original file.
    func position(_ index: Int) -> Int {
        guard let positions, index < positions.count else { return index }
        return positions[index]
    }

    /// Whether to work on row `index` now (`invalid` is its problem, if it has one). Rows
    /// settled by an earlier invocation are skipped. Once the time left is short (at least one
    /// row is always worked on, so every part makes progress) or the lease is lost, the rest
    /// is set aside.
    mutating func admit(_ index: Int, invalid: String?) -> Bool {
        guard index >= start else { return false }
        if !cutting && (keeper.isLost || (worked > 0 && !invocation.hasTime)) { cutting = true }
        guard !cutting else {
            if let invalid { setAside.append((index, invalid)) } else { deferred.append(index) }
            return false
        }
        return true
    }

    /// The plan for row `index` when it is to be worked on now; nil when it was settled
    /// before or is set aside, or is invalid (then it is settled here, with its reason).
    mutating func take<Planned>(_ index: Int, _ row: AgentRow, _ plan: Result<Planned, RowProblem>, logger: Logger) -> Planned? {
        switch plan {
        case .failure(let problem):
            guard admit(index, invalid: problem.description) else { return nil }
            settle(index, row, .failed(problem.description))
            logger.info("row invalid", ["line": .int(row.line), "reason": .string(problem.description)])
            return nil
        case .success(let planned):
            return admit(index, invalid: nil) ? planned : nil
        }
    }

    mutating func settle(_ index: Int, _ row: AgentRow, _ outcome: RowOutcome) {
        worked += 1
        let position = position(index)
        keeper.update { ledger in
            ledger.settle(outcome, position: position, record: row.record)
            ledger.next = index + 1
        }
        recordMetrics()
    }

    func recordMetrics() {
        let spent = metrics.snapshot - before
        keeper.update { ledger in
            ledger.apiCalls = counted.apiCalls + spent.requests
            ledger.retries = counted.retries + spent.retries
            ledger.throttled = counted.throttled + spent.throttled
        }
    }

    /// Settles the invalid rows set aside; the part is then done but for `deferred`.
    func settleSetAside(of sheet: AgentSheet) {
        keeper.update { ledger in
            for (index, reason) in setAside {
                ledger.settle(.failed(reason), position: position(index), record: sheet.rows[index].record)
            }
            ledger.next = sheet.rows.count
        }
    }

    /// Every row not settled yet fails with `reason`.
    mutating func failTheRest(of sheet: AgentSheet, _ reason: String) {
        let from = keeper.ledger.next
        keeper.update { ledger in
            for index in from ..< sheet.rows.count {
                ledger.settle(.failed(reason), position: position(index), record: sheet.rows[index].record)
            }
            ledger.next = sheet.rows.count
        }
        setAside = []
        deferred = []
    }
}
