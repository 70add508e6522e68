import AWSCore

/// Where one input file stands, kept in the bucket at `progress/<job>.json` while the file is
/// processed: which part is being worked on and how far, the outcome of every row so far,
/// and who holds the lease.
///
/// It is what makes a file of any size, under re-delivered events, retried invocations and
/// killed processes, end with every row accounted for exactly once:
/// - **one owner at a time**: the ledger is created with `If-None-Match: *` and replaced only
///   with `If-Match` on the version its owner last wrote; the owner rewrites it every
///   `LedgerKeeper.heartbeat` (the lease), and anyone else may take it over only once it is
///   older than `LedgerKeeper.leaseTimeout`. A write that finds another version means the
///   lease was lost: the loser stops at once and writes nothing else.
/// - **resume, not restart**: rows settled before the last write are never sent again; rows
///   after it are, and are safe to send again (a create that meets a user exactly as planned
///   counts as created; an update sends only what still differs).
/// - **parts**: when the invocation's time runs short, the rows left are written as a
///   continuation object in the same folder (`<name>.part<N>-<job>.csv`), which S3 hands to a
///   fresh invocation; the ledger carries the counts and failures across parts, and the last
///   part writes the outputs of the original file once.
/// - **outputs once**: the final report and failure file are frozen in the ledger before any
///   output is written, and every output is written so that writing it again finds it in place.
package struct JobLedger: CountsCarrier, Codable, Sendable, Equatable {
    package enum Phase: String, Codable, Sendable {
        /// Rows are being processed.
        case rows
        /// Every row has an outcome; the outputs are being written.
        case outputs
    }

    package struct Failure: Codable, Sendable, Equatable {
        /// The row's position in the original file (0-based, data rows only): failure files
        /// list rows in file order, whatever part they failed in.
        package var position: Int
        package var line: Int
        package var fields: [String]
        package var reason: String

        package init(position: Int, line: Int, fields: [String], reason: String) {
            self.position = position
            self.line = line
            self.fields = fields
            self.reason = reason
        }
    }

    package var version = 1
    package var job: String
    /// The original input: `create/agents.csv`.
    package var input: String
    package var inputETag: String
    /// When the job started (names its outputs).
    package var startedAtMs: Int64
    package var owner: String?
    package var heartbeatMs: Int64
    package var phase = Phase.rows
    /// 1 for the original file, then one more for each continuation.
    package var part = 1
    /// The object whose rows are being processed: the input, then each continuation.
    package var partKey: String
    /// Rows of `partKey` already settled, in order.
    package var next = 0
    /// For a continuation, the original position of each of its rows.
    package var partPositions: [Int]?
    /// Every continuation written, for clean-up.
    package var continuations: [String] = []
    /// Counts across all parts (`ledger.created`, …).
    package var counts = RunCounts()
    /// The rows that failed, with their cells and reasons, for the failure file.
    package var failures: [Failure] = []
    /// The rows a plan job planned (`plan/...`), with what each would do, for the plan file.
    package var plans: [PlanEntry] = []
    /// The input's header, for the failure file.
    package var header: [String] = []
    package var notes: [String] = []
    /// Update rows whose password cell was ignored.
    package var passwordsIgnored = 0
    /// Frozen when the outputs phase starts.
    package var report: RunReport?
    package var failureCSV: String?
    /// A plan job's plan file, frozen with the report.
    package var planCSV: String?
    /// The input's new name, once it has been copied there.
    package var processedInput: String?
    /// The job's kind's own state (`JobKind.SavedState`, as JSON), as its last checkpoint
    /// left it; the run keeps it and hands it back, and never reads it.
    package var kindState: String?
    /// An export's own progress (nil for other kinds of job).
    package var export: ExportProgress?
    /// Each Connect operation's lane: its calls and 429s across parts, its last rate.
    package var lanes: [String: LaneCounts]?
    /// The account gate, once it has engaged in this job: its engagements across parts, its
    /// last rate.
    package var accountGate: GateCounts?
    /// The input's size when the job started (absent in a ledger written before it was kept).
    package var inputBytes: Int?
    /// The unit of SearchUsers' per-channel ACW, once the job has looked (`AfterContactWorkFinding`).
    package var afterContactWork: AfterContactWorkFinding?

    // Each lane at the account's quota (issue 20, point 3).
    /// The Connect API quotas read from Service Quotas at the job's start (or why they could
    /// not be): every later part paces by them without reading again.
    package var quotas: QuotaReading?
    /// Every operation's lane setting and where it came from, as the last part set it.
    package var pace: [String: LanePace]?

    package init(job: String, input: String, inputETag: String, startedAtMs: Int64, owner: String) {
        self.job = job
        self.input = input
        self.inputETag = inputETag
        self.startedAtMs = startedAtMs
        self.owner = owner
        self.heartbeatMs = startedAtMs
        self.partKey = input
    }

    /// A dry run (`plan/...`): its outputs are a plan file, not a failure file.
    package var isPlan: Bool {
        if case .plan = InputRoute(key: input) { return true }
        return false
    }

    /// `progress/<job>.json`
    package static func key(job: String) -> String { "progress/\(job).json" }

    /// A job's id: the input's key and the write that put it there (S3's `sequencer`, else its
    /// ETag), so a re-delivered event names the same job and a new upload of the same name a
    /// new one.
    package static func jobID(key: String, version: String) -> String {
        String(Crypto.hex(Crypto.sha256(Array("\(key)\n\(version)".utf8))).prefix(16))
    }

    /// `create/agents.csv`, part 2 → `create/agents.part2-<job>.csv`.
    package static func continuationKey(input: String, part: Int, job: String) -> String {
        var stem = input
        if stem.lowercased().hasSuffix(".csv") { stem.removeLast(4) }
        if let parsed = parseContinuation(input) { stem = parsed.stem }
        return "\(stem).part\(part)-\(job).csv"
    }

    /// The job and part a continuation's key names; nil for any other key.
    package static func parseContinuation(_ key: String) -> (stem: String, part: Int, job: String)? {
        guard key.hasSuffix(".csv") else { return nil }
        let name = key.dropLast(4)
        guard let dash = name.lastIndex(of: "-") else { return nil }
        let job = name[name.index(after: dash)...]
        guard job.count == 16, job.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        let head = name[..<dash]
        guard let dot = head.lastIndex(of: ".") else { return nil }
        let label = head[head.index(after: dot)...]
        guard label.hasPrefix("part"), let part = Int(label.dropFirst(4)), part >= 2 else { return nil }
        return (String(head[..<dot]), part, String(job))
    }

    /// What an invocation handed `key` should do with this ledger.
    package enum Decision: Equatable, Sendable {
        /// Take the lease and carry on.
        case claim
        /// Someone holds a live lease on this key's work: wait for it to end or go stale.
        case wait
        /// Nothing to do for this key: a part already done, or the job moved on.
        case skip(String)
    }

    package func decision(for key: String, nowMs: Int64, leaseTimeoutMs: Int64) -> Decision {
        let leaseFree = owner == nil || nowMs - heartbeatMs >= leaseTimeoutMs
        let ours = key == partKey || (phase == .outputs && (key == input || continuations.contains(key)))
        if ours { return leaseFree ? .claim : .wait }
        if key == input || continuations.contains(key) {
            return .skip("already processed as part of \(input); the job carries on in \(partKey)")
        }
        // A continuation written just before its writer stopped: the writer (or its retry)
        // either hands the job to it or writes it again.
        return leaseFree ? .skip("not the current part of \(input) (that is \(partKey))") : .wait
    }

    /// Records one row's outcome; the row is settled.
    package mutating func settle(_ outcome: RowOutcome, position: Int, record: CSVRecord) {
        counts.count(outcome)
        switch outcome {
        case .failed(let reason):
            failures.append(Failure(position: position, line: record.line, fields: record.fields, reason: reason))
        case .planned(let plan):
            plans.append(PlanEntry(position: position, line: record.line, fields: record.fields, plan: plan))
        default:
            break
        }
    }

    /// A row of a plan job, with what the real run would do with it.
    package struct PlanEntry: Codable, Sendable, Equatable {
        package var position: Int
        package var line: Int
        package var fields: [String]
        package var plan: RowPlan
    }
}
