import JSONLog
import S3Client
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A job whose lease this invocation holds, run to the end of its current part: the part's
/// rows from where the ledger says, through the job's kind, then either the outputs or a
/// continuation for the rows left. A write that finds the ledger taken over, at any step,
/// ends the work there: nothing more is written.
struct OwnedJob {
    let services: JobServices
    let keeper: LedgerKeeper
    let kind: any JobKind
    let bucket: String
    /// The key the event named (the input or a continuation of it).
    let key: String
    let invocation: InvocationBudget
    let logger: JSONLogger
    /// The input, when the claim read it already.
    let input: StoredObject?

    var store: any ObjectStore { services.store }
    var outputs: JobOutputs { JobOutputs(services: services, keeper: keeper, bucket: bucket, logger: logger) }

    func run() async throws -> RunReport {
        do {
            return try await runPart()
        } catch let lost as LedgerKeeper.LeaseLost {
            return .duplicate(bucket: bucket, input: key, lost.description, logger: logger)
        }
    }

    private func runPart() async throws -> RunReport {
        let ledger = keeper.ledger
        if ledger.phase == .outputs { return try await outputs.writeOutputs() }
        if ledger.part == 1, let size = ledger.inputBytes, size > services.maxInputBytes {
            logger.error("input refused", ["key": .string(ledger.input), "bytes": .int(size), "limit": .int(services.maxInputBytes)])
            return try await outputs.reject(Self.tooLarge(size, limit: services.maxInputBytes, input: ledger.input))
        }
        let bytes: [UInt8]
        switch try await partBytes() {
        case .read(let read):
            bytes = read
        case .gone(let note):
            keeper.update { $0.notes.append(note) }
            return try await outputs.enterOutputs()
        }
        let sheet: AgentSheet
        do {
            sheet = try AgentSheet(CSVReader.read(bytes))
        } catch {
            let folder = OutputNames(inputKey: ledger.input, at: services.time.now).folder
            logger.error("input rejected", ["key": .string(ledger.partKey), "reason": .string("\(error)")])
            return try await outputs.reject("\(error) The file was kept unchanged under failed/: fix it and drop it into \(folder) again.")
        }
        if ledger.part == 1 && ledger.next == 0 {
            keeper.update { ledger in
                ledger.rows = sheet.rows.count
                ledger.header = sheet.table.header
                if sheet.table.decodedAsWindows1252, !ledger.notes.contains(Self.windows1252Note) { ledger.notes.append(Self.windows1252Note) }
                if let note = Self.ignoredColumnsNote(sheet.ignoredColumns), !ledger.notes.contains(note) { ledger.notes.append(note) }
            }
        }

        await services.quotas.prepare(keeper, logger: logger)
        var progress = PartProgress(keeper: keeper, invocation: invocation, metrics: services.metrics)
        let refusal: String? = await keeper.withHeartbeat {
            defer { progress.recordCalls() }
            do {
                try await work(kind, sheet: sheet, progress: &progress)
                return nil
            } catch let refused as JobRefused {
                return refused.description
            } catch {
                // The instance or its users could not be read: rows without an outcome go to the
                // failure file with the reason, to be dropped back once fixed.
                let reason = FailureReason.reason(for: error, userLogin: nil)
                logger.error("look-ups failed", ["code": .string(FailureReason.code(of: error)), "reason": .string(reason)])
                progress.failTheRest(of: sheet, reason)
                return nil
            }
        }
        if keeper.isLost { throw LedgerKeeper.LeaseLost() }
        if let refusal {
            logger.error("input refused", ["key": .string(ledger.partKey), "reason": "refused by its kind before any call"])
            return try await outputs.reject(refusal)
        }
        if !progress.deferred.isEmpty { return try await handOff(progress, sheet: sheet) }
        progress.settleSetAside(of: sheet)
        return try await outputs.enterOutputs()
    }

    /// The rows of this part: each row the progress takes is planned by the kind and carried
    /// out, up to `services.window` rows at once (each row is one task, so its own calls stay
    /// in order; rows in different lanes wait side by side); outcomes are settled in file order.
    /// A row is taken only when the window has room, so the time and the lease are checked as
    /// late as possible.
    private func work<Kind: JobKind>(_ kind: Kind, sheet: AgentSheet, progress: inout PartProgress) async throws {
        let reading = ReadingContext(connect: services.connect, instanceID: services.instanceID, logger: logger, keeper: keeper,
                                     consistency: services.consistency)
        let context = reading.with(Kind.narrow(services.connect))
        let plans = try await kind.prepare(sheet, from: progress.start, in: reading)
        let window = max(1, services.window)
        await withTaskGroup(of: (Int, RowOutcome).self) { group in
            func settleOne() async {
                guard let (index, outcome) = await group.next() else { return }
                progress.settle(index, sheet.rows[index], outcome)
            }
            for (index, plan) in plans.enumerated() {
                while progress.inWindow >= window { await settleOne() }
                let row = sheet.rows[index]
                guard let step = progress.take(index, row, plan, logger: logger) else { continue }
                let line = row.line
                group.addTask {
                    (index, await RowContext.$line.withValue(line) { await kind.carryOut(step, row: row, in: context) })
                }
            }
            while progress.inWindow > 0 { await settleOne() }
        }
    }

    enum PartBytes {
        case read([UInt8])
        /// The part is not there to read any more; the note says why, for the summary.
        case gone(String)
    }

    /// The bytes of the part being worked on, or why there are none: it was deleted meanwhile,
    /// or (the original file, resumed) uploaded again under its name: that upload is not this
    /// job's, and its own event processes it.
    private func partBytes() async throws -> PartBytes {
        let ledger = keeper.ledger
        if let input, ledger.partKey == ledger.input { return .read(input.body) }
        let left = ledger.part == 1 ? max(0, ledger.rows - ledger.next) : (ledger.partPositions?.count ?? 0) - ledger.next
        do {
            let stored = try await store.object(bucket: bucket, key: ledger.partKey)
            guard ledger.part > 1 || stored.eTag == ledger.inputETag else {
                return .gone("""
                    \(ledger.partKey) was uploaded again while it was being processed: \(left) of the first upload's rows were not processed (the \
                    new upload is processed on its own)
                    """)
            }
            return .read(stored.body)
        } catch where error.isNoSuchKey {
            return .gone("\(ledger.partKey) was deleted while it was being processed: \(left) of its rows were not processed")
        }
    }

    /// The columns the template does not know, named so that no value is dropped without the
    /// summary saying so (each name quoted as a reason quotes a cell: short, no control
    /// character; at most 10 named).
    static func ignoredColumnsNote(_ columns: [String]) -> String? {
        guard !columns.isEmpty else { return nil }
        let shown = columns.prefix(10).map { SheetText.quoted(SheetText.trimmed($0)) }.joined(separator: ", ")
        let more = columns.count > 10 ? " and \(columns.count - 10) more" : ""
        return """
            \(columns.count == 1 ? "a column" : "\(columns.count) columns") the template does not know \(columns.count == 1 ? "was" : "were") \
            ignored (\(columns.count == 1 ? "its" : "their") cells change nothing): \(shown)\(more)
            """
    }

    /// Why a file too large to read was refused, and what to do.
    static func tooLarge(_ size: Int, limit: Int, input: String) -> String {
        let folder = OutputNames(inputKey: input, at: Date(timeIntervalSince1970: 0)).folder
        // Sizes that round alike are given in bytes, so that the one is seen to be larger.
        let (file, most) = SheetText.megabytes(size) == SheetText.megabytes(limit)
            ? ("\(SheetText.grouped(size)) bytes", "\(SheetText.grouped(limit)) bytes")
            : (SheetText.megabytes(size), SheetText.megabytes(limit))
        return """
            This file is \(file), more than the \(most) one file may be (a twentieth of the function's memory, which holds the file and every row at \
            once): nothing was done, and the file was kept unchanged under failed/. Split it into files of at most \(SheetText.megabytes(limit)) \
            (about \(SheetText.grouped(limit / 100)) rows of 100 characters) and drop each into \(folder), or raise the function's memory.
            """
    }

    static let windows1252Note = "the file is not UTF-8; it was read as Windows-1252 (as Excel saves it)"

    /// Writes the rows set aside as the next part, then hands the job to it: its invocation
    /// takes the lease this one releases.
    private func handOff(_ progress: PartProgress, sheet: AgentSheet) async throws -> RunReport {
        let ledger = keeper.ledger
        let part = ledger.part + 1
        let key = JobLedger.continuationKey(input: ledger.input, part: part, job: ledger.job)
        let body = CSVWriter.write(header: sheet.table.header, rows: progress.deferred.map { sheet.rows[$0].record.fields })
        // Written before the ledger names it, so a ledger never points at a part that is not
        // there; an earlier attempt's copy is replaced (it is ours, named by the job).
        try await store.putObject(bucket: bucket, key: key, body: body, contentType: "text/csv", condition: .none)
        progress.settleSetAside(of: sheet)
        keeper.update { ledger in
            if !ledger.continuations.contains(key) { ledger.continuations.append(key) }
            ledger.partPositions = progress.deferred.map(progress.position)
            ledger.partKey = key
            ledger.part = part
            ledger.next = 0
            ledger.owner = nil
        }
        try await keeper.save()
        var report = JobOutputs.report(of: keeper.ledger, bucket: bucket, status: .continued)
        report.input = ledger.partKey
        report.continuation = key
        report.message = "\(progress.deferred.count) rows left for \(key), which a new invocation takes on"
        logger.info("continued", ["input": .string(ledger.input), "part": .int(ledger.part), "continuation": .string(key),
                                  "rowsLeft": .int(progress.deferred.count)])
        return report
    }
}
