import AWSCore
import ConnectClient
import JSONLog
import ServiceQuotasClient

/// Sets each lane at the account's quota for a job: read from Service Quotas once, at the
/// job's start, kept in its ledger for its later parts, applied to the lanes in every part
/// (`Lanes` outlive a job: an execution environment runs job after job).
///
/// If Service Quotas cannot be read (no permission, an error past the retries) the job goes
/// on at `API_INTERVAL_MS` with one WARN line, and its summary says why. `none` (no source,
/// no lanes: tests that build a `JobRunner` without it) does nothing.
package struct QuotaPacing: Sendable {
    let source: (any ServiceQuotasAPI)?
    let lanes: Lanes?

    package init(source: any ServiceQuotasAPI, lanes: Lanes) {
        self.source = source
        self.lanes = lanes
    }

    private init() {
        source = nil
        lanes = nil
    }

    package static let none = QuotaPacing()

    /// The ledger's reading, or a new one kept in it; then the lanes set to it and the pace
    /// of every operation recorded for the summary.
    func prepare(_ keeper: LedgerKeeper, logger: JSONLogger) async {
        guard let source, let lanes else { return }
        let reading: QuotaReading
        if let kept = keeper.ledger.quotas {
            reading = kept
        } else {
            reading = await Self.read(source, logger: logger)
            keeper.update { $0.quotas = reading }
        }
        lanes.apply(quotas: reading.operations)
        let pace = Dictionary(uniqueKeysWithValues: ConnectOperation.allCases.map { ($0.rawValue, lanes.pace(of: $0.rawValue)) })
        keeper.update { $0.pace = pace }
    }

    static func read(_ source: any ServiceQuotasAPI, logger: JSONLogger) async -> QuotaReading {
        do {
            let operations = try await ConnectQuotas.read(from: source)
            logger.info("quotas read", ["operations": .int(operations.count)])
            return QuotaReading(operations: operations)
        } catch {
            let reason = Self.reason(error)
            logger.warn("Service Quotas not read: each Connect API goes at API_INTERVAL_MS (or its API_RATES rate)",
                        ["reason": .string(reason), "code": .string(FailureReason.code(of: error))])
            return QuotaReading(failure: reason)
        }
    }

    /// What went wrong, and what to do, for the summary.
    static func reason(_ error: any Error) -> String {
        let what: String
        switch error {
        case let error as AWSError:
            what = "\(error.operation) answered \(error.code)" + (error.message.isEmpty ? "" : ": \(error.message)")
            if error.code == "AccessDeniedException" {
                return """
                    \(what); grant the function's role servicequotas:ListServiceQuotas and servicequotas:ListAWSDefaultServiceQuotas (the template \
                    does)
                    """
            }
        default:
            what = "\(error)"
        }
        return what
    }
}
