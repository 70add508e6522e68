import ConnectClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONLog

/// One kind of job: what a row of its folder means and how it is carried out. Each kind is one
/// file in this folder; the event, the ledger and its lease, parts and the outputs are the
/// shared run's (`OwnedJob`), the same for every kind.
///
/// The run calls `prepare` once per part, then `carryOut` for each row it takes, in file order,
/// and records each outcome in the ledger. A kind must be safe to carry out again for a row
/// whose outcome was not recorded (a restart re-sends at most the rows since the last write).
protocol JobKind: Sendable {
    /// What a valid row comes to: the call or calls it will make.
    associatedtype Step: Sendable
    /// What the kind keeps across the parts and restarts of one job (`JobContext.checkpoint`,
    /// `savedState`); the run stores it in the ledger and never reads it.
    associatedtype SavedState: Codable & Sendable = NoSavedState
    /// What `carryOut` may ask of Amazon Connect: every operation, or only the reads (a plan's),
    /// so that a kind that must change nothing cannot compile a change.
    associatedtype Connect: Sendable = any ConnectAPI

    /// The run's Connect API as this kind may use it.
    static func narrow(_ connect: any ConnectAPI) -> Connect

    /// Looks up what the rows need and prepares every row of `sheet`: its step, or the problem
    /// that keeps it from costing a call. Rows before `start` were settled by an earlier
    /// invocation; a kind need not read anything for them.
    /// - Throws: when the look-ups fail; every row not settled yet then fails with the reason.
    func prepare(_ sheet: AgentSheet, from start: Int, in job: ReadingContext) async throws -> [Result<Step, RowProblem>]

    /// Carries out one row's step; the outcome is the row's.
    func carryOut(_ step: Step, row: AgentRow, in job: JobContext<Connect>) async -> RowOutcome
}

extension JobKind where Connect == any ConnectAPI {
    static func narrow(_ connect: any ConnectAPI) -> any ConnectAPI { connect }
}

/// A context whose Connect API only reads: every kind's look-ups (`prepare`), a plan job's rows,
/// an export.
typealias ReadingContext = JobContext<any ConnectReading>

/// A context whose Connect API changes the instance: a real job's rows.
typealias WritingContext = JobContext<any ConnectAPI>
